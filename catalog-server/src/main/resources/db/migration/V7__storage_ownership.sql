-- Who owns which storage prefixes, across every catalog of the server (issue: isolation).
--
-- A prefix is a normalized location with a trailing slash ('s3://bucket/a/b/', 'file:///x/y/';
-- s3a:// and s3n:// are stored as s3://), so that "a contains b" is starts_with(b, a) and a
-- location is never confused with a longer sibling ('.../t1/' vs '.../t10/').
--
-- Owners:
--   OBJECT    a table or view: its location and every path property that places files
--             (write.data.path, write.metadata.path, write.object-storage.path,
--             write.folder-storage.path; a view's location and write.metadata.path). A table keeps
--             the prefixes it ever had until it is dropped: old snapshots still name files there.
--   NAMESPACE a namespace's location (set by a client, or the default Floe chose at creation).
--   STAGED    the locations of a staged create (stage-create), reserved until the table is created
--             or the reservation expires, because vended keys are handed out for them at once.
--   PURGE     the prefixes of a table dropped with purge, reserved until its purge job is done.
--
-- Rules (decided by the server under a transaction-scoped advisory lock per storage authority, so
-- that two overlapping claims on any node cannot both win): no two objects', staged or purging
-- prefixes overlap; an object's prefix never contains a namespace's; a namespace's prefix overlaps
-- no other namespace's but its ancestors'; by default an object lies under its own namespace's
-- location and a namespace under its parent's.
CREATE TABLE storage_prefixes (
    id           BIGSERIAL   PRIMARY KEY,
    prefix       TEXT COLLATE "C" NOT NULL,
    owner_kind   VARCHAR(16) NOT NULL CHECK (owner_kind IN ('OBJECT', 'NAMESPACE', 'STAGED', 'PURGE')),
    catalog_id   BIGINT      NOT NULL REFERENCES catalogs (id) ON DELETE CASCADE,
    object_id    BIGINT      REFERENCES catalog_objects (id) ON DELETE CASCADE,
    namespace_id BIGINT      REFERENCES namespaces (id) ON DELETE CASCADE,
    purge_job_id BIGINT      REFERENCES purge_jobs (id) ON DELETE CASCADE,
    -- a staged table: its namespace path, U+001F, its name
    staged_path  TEXT COLLATE "C",
    expires_at   TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT storage_prefixes_trailing_slash CHECK (right(prefix, 1) = '/'),
    CONSTRAINT storage_prefixes_one_owner CHECK (
        (owner_kind = 'OBJECT' AND object_id IS NOT NULL AND namespace_id IS NULL AND purge_job_id IS NULL AND staged_path IS NULL)
        OR (owner_kind = 'NAMESPACE' AND namespace_id IS NOT NULL AND object_id IS NULL AND purge_job_id IS NULL AND staged_path IS NULL)
        OR (owner_kind = 'STAGED' AND staged_path IS NOT NULL AND expires_at IS NOT NULL AND object_id IS NULL AND namespace_id IS NULL AND purge_job_id IS NULL)
        OR (owner_kind = 'PURGE' AND purge_job_id IS NOT NULL AND object_id IS NULL AND namespace_id IS NULL AND staged_path IS NULL))
);

-- the overlap question is two index scans: prefix = ANY(ancestors) and a range below the prefix
CREATE INDEX storage_prefixes_prefix ON storage_prefixes (prefix);
CREATE INDEX storage_prefixes_object ON storage_prefixes (object_id) WHERE object_id IS NOT NULL;
CREATE INDEX storage_prefixes_namespace ON storage_prefixes (namespace_id) WHERE namespace_id IS NOT NULL;
CREATE INDEX storage_prefixes_purge ON storage_prefixes (purge_job_id) WHERE purge_job_id IS NOT NULL;
CREATE INDEX storage_prefixes_staged ON storage_prefixes (catalog_id, staged_path) WHERE staged_path IS NOT NULL;

-- What existed before this version: tables' and views' stored locations (their path properties
-- are claimed at their next commit that sets them) and namespaces' explicit locations.
INSERT INTO storage_prefixes (prefix, owner_kind, catalog_id, object_id)
SELECT regexp_replace(rtrim(location, '/'), '^s3[an]://', 's3://') || '/', 'OBJECT', catalog_id, id
FROM catalog_objects
WHERE location IS NOT NULL AND location <> '';

INSERT INTO storage_prefixes (prefix, owner_kind, catalog_id, namespace_id)
SELECT regexp_replace(regexp_replace(rtrim(properties::jsonb ->> 'location', '/'), '^file:/+', 'file:///'), '^s3[an]://', 's3://') || '/',
       'NAMESPACE', catalog_id, id
FROM namespaces
WHERE properties::jsonb ? 'location' AND properties::jsonb ->> 'location' ~ '^[A-Za-z][A-Za-z0-9+.-]*:/';
