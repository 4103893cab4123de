-- Governance, version 11: tag definitions (global), tag assignments, row filters and column masks
-- (per catalog), and a secret salt per catalog for hash masks.
--
-- The recipe of V3 and V9:
--
-- * assignments and policies are bound to their namespace, table or view by id (namespaces.id,
--   catalog_objects.id): dropping the object drops them in the same transaction (ON DELETE
--   CASCADE), and renaming a table or view rewrites the securable_path they keep (trigger below);
-- * every statement that really changes a governance row (the API's writes, cascades from drops,
--   the rename trigger's rewrites) bumps governance_version and sends NOTIFY floe_governance
--   '<version>' in its transaction; each Floe node keeps all of it in memory and reloads when the
--   version moves.
--
-- Columns are addressed by Iceberg field id, so a tag or a mask follows a column through renames.
-- Filters and masks share one id sequence: a policy id is unique among both.

CREATE TABLE governance_version (
    id      SMALLINT PRIMARY KEY CHECK (id = 1),
    version BIGINT   NOT NULL
);

INSERT INTO governance_version (id, version) VALUES (1, 1);

CREATE SEQUENCE governance_policy_ids;

-- Classification tags. A child (pii.email) needs its parent (pii); the server checks that.
-- applier_roles: the principal roles whose members may assign the tag (empty: no restriction
-- beyond CATALOG_MANAGE_POLICIES).
CREATE TABLE tag_definitions (
    name          TEXT COLLATE "C" PRIMARY KEY,
    description   TEXT        NOT NULL,
    applier_roles TEXT[] COLLATE "C" NOT NULL DEFAULT '{}',
    version       BIGINT      NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_by    TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_by    TEXT        NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The default PII tags (dev.floe.policy.governance.DefaultTags.pii), without applier roles.
INSERT INTO tag_definitions (name, description, created_by, updated_by) VALUES
    ('pii', 'Personal data: information about an identified or identifiable person', 'floe', 'floe'),
    ('pii.email', 'E-mail address', 'floe', 'floe'),
    ('pii.phone', 'Telephone number', 'floe', 'floe'),
    ('pii.person_name', 'Name of a person (given name, family name, full name)', 'floe', 'floe'),
    ('pii.postal_address', 'Postal address or part of one (street, postcode, city)', 'floe', 'floe'),
    ('pii.payment_card', 'Payment card number (PAN)', 'floe', 'floe'),
    ('pii.iban', 'International bank account number', 'floe', 'floe'),
    ('pii.national_id', 'National identification number (social security, tax, passport)', 'floe', 'floe'),
    ('pii.ip_address', 'IPv4 or IPv6 address', 'floe', 'floe'),
    ('pii.date_of_birth', 'Date of birth', 'floe', 'floe');

-- A tag on a catalog, namespace, table or view, or (field_id) on a column of a table or view.
-- securable_path is the path below the catalog, as grants keep it.
CREATE TABLE tag_assignments (
    id             BIGSERIAL PRIMARY KEY,
    catalog_id     BIGINT      NOT NULL REFERENCES catalogs (id) ON DELETE CASCADE,
    tag            TEXT COLLATE "C" NOT NULL REFERENCES tag_definitions (name),
    securable_type VARCHAR(16) NOT NULL CHECK (securable_type IN ('CATALOG', 'NAMESPACE', 'TABLE', 'VIEW')),
    securable_path TEXT[] COLLATE "C" NOT NULL,
    namespace_id   BIGINT REFERENCES namespaces (id) ON DELETE CASCADE,
    object_id      BIGINT REFERENCES catalog_objects (id) ON DELETE CASCADE,
    field_id       INT,
    version        BIGINT      NOT NULL DEFAULT 1 CHECK (version >= 1),
    assigned_by    TEXT        NOT NULL,
    assigned_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT tag_assignments_binding CHECK (
        CASE securable_type
            WHEN 'CATALOG' THEN namespace_id IS NULL AND object_id IS NULL AND field_id IS NULL
            WHEN 'NAMESPACE' THEN namespace_id IS NOT NULL AND object_id IS NULL AND field_id IS NULL
            ELSE namespace_id IS NULL AND object_id IS NOT NULL
        END)
);

CREATE UNIQUE INDEX tag_assignments_unique
    ON tag_assignments (catalog_id, tag, securable_type, COALESCE(namespace_id, object_id, 0), COALESCE(field_id, -1));
CREATE INDEX tag_assignments_namespace ON tag_assignments (namespace_id) WHERE namespace_id IS NOT NULL;
CREATE INDEX tag_assignments_object ON tag_assignments (object_id) WHERE object_id IS NOT NULL;
CREATE INDEX tag_assignments_tag ON tag_assignments (tag);

-- A row filter on a table: the expression in its stored form (columns as "$field:<id>", see
-- PolicyExpression.storedForm) and its audience ([{"kind", "name", "exempt"}]).
CREATE TABLE row_filters (
    id             BIGINT      PRIMARY KEY DEFAULT nextval('governance_policy_ids'),
    catalog_id     BIGINT      NOT NULL REFERENCES catalogs (id) ON DELETE CASCADE,
    object_id      BIGINT      NOT NULL REFERENCES catalog_objects (id) ON DELETE CASCADE,
    securable_path TEXT[] COLLATE "C" NOT NULL,
    expression     TEXT        NOT NULL,
    audience       JSONB       NOT NULL,
    version        BIGINT      NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_by     TEXT        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_by     TEXT        NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX row_filters_object ON row_filters (object_id);

-- A column mask on one column of a table (object_id, field_id) or on every column carrying a tag
-- in the catalog (tag). mask: {"function": "SHOW_LAST", "characters": 4}, {"function": "CUSTOM",
-- "expression": "<stored form>"}, ...
CREATE TABLE column_masks (
    id             BIGINT      PRIMARY KEY DEFAULT nextval('governance_policy_ids'),
    catalog_id     BIGINT      NOT NULL REFERENCES catalogs (id) ON DELETE CASCADE,
    object_id      BIGINT REFERENCES catalog_objects (id) ON DELETE CASCADE,
    securable_path TEXT[] COLLATE "C",
    field_id       INT,
    tag            TEXT COLLATE "C" REFERENCES tag_definitions (name),
    mask           JSONB       NOT NULL,
    audience       JSONB       NOT NULL,
    version        BIGINT      NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_by     TEXT        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_by     TEXT        NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT column_masks_target CHECK (
        (tag IS NULL AND object_id IS NOT NULL AND securable_path IS NOT NULL AND field_id IS NOT NULL)
        OR (tag IS NOT NULL AND object_id IS NULL AND securable_path IS NULL AND field_id IS NULL))
);

CREATE INDEX column_masks_object ON column_masks (object_id) WHERE object_id IS NOT NULL;
CREATE INDEX column_masks_tag ON column_masks (tag) WHERE tag IS NOT NULL;

-- The secret salt of each catalog's hash masks: generated with the catalog (PostgreSQL's strong
-- random source behind gen_random_uuid), never shown by the API.
CREATE TABLE governance_hash_salts (
    catalog_id BIGINT PRIMARY KEY REFERENCES catalogs (id) ON DELETE CASCADE,
    salt       TEXT   NOT NULL
);

CREATE FUNCTION floe_new_hash_salt() RETURNS TEXT LANGUAGE sql VOLATILE AS $$
    SELECT replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')
$$;

INSERT INTO governance_hash_salts (catalog_id, salt) SELECT id, floe_new_hash_salt() FROM catalogs;

CREATE FUNCTION floe_catalog_hash_salt() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO governance_hash_salts (catalog_id, salt) VALUES (NEW.id, floe_new_hash_salt());
    RETURN NULL;
END
$$;

CREATE TRIGGER catalogs_hash_salt AFTER INSERT ON catalogs
    FOR EACH ROW EXECUTE FUNCTION floe_catalog_hash_salt();

-- The version bump and notification, only for statements that changed rows (one trigger per
-- event: transition tables cannot serve several).
CREATE FUNCTION floe_governance_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    new_version BIGINT;
BEGIN
    IF EXISTS (SELECT 1 FROM changed_rows) THEN
        UPDATE governance_version SET version = version + 1 WHERE id = 1 RETURNING version INTO new_version;
        PERFORM pg_notify('floe_governance', new_version::text);
    END IF;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    governed TEXT;
BEGIN
    FOREACH governed IN ARRAY ARRAY['tag_definitions', 'tag_assignments', 'row_filters', 'column_masks', 'governance_hash_salts']
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION floe_governance_rows_changed()', governed || '_inserted', governed);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION floe_governance_rows_changed()', governed || '_updated', governed);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION floe_governance_rows_changed()', governed || '_deleted', governed);
    END LOOP;
END
$$;

-- A renamed (or moved) table or view takes its tags, filters and masks along.
CREATE FUNCTION floe_object_renamed_governance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tag_assignments SET securable_path = floe_object_path(NEW.namespace_path, NEW.name) WHERE object_id = NEW.id;
    UPDATE row_filters SET securable_path = floe_object_path(NEW.namespace_path, NEW.name) WHERE object_id = NEW.id;
    UPDATE column_masks SET securable_path = floe_object_path(NEW.namespace_path, NEW.name) WHERE object_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER catalog_objects_move_governance AFTER UPDATE OF namespace_path, name ON catalog_objects
    FOR EACH ROW
    WHEN (OLD.namespace_path IS DISTINCT FROM NEW.namespace_path OR OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION floe_object_renamed_governance();

-- The one-time startup steps of the governance store (the move of the interim table property
-- floe.tags into tag assignments), recorded once done.
CREATE TABLE governance_migrations (
    name        TEXT PRIMARY KEY,
    finished_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    details     TEXT        NOT NULL DEFAULT ''
);

-- catalog_admin also manages the catalog's governance policies (CATALOG_MANAGE_POLICIES), in new
-- catalogs and in those that exist.
CREATE OR REPLACE FUNCTION floe_catalog_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO catalog_roles (catalog_id, name) VALUES (NEW.id, 'catalog_admin');
    INSERT INTO grants (catalog_id, catalog_role, privilege, securable_type, securable_path)
        VALUES (NEW.id, 'catalog_admin', 'CATALOG_MANAGE_CONTENT', 'CATALOG', '{}'),
               (NEW.id, 'catalog_admin', 'CATALOG_MANAGE_ACCESS', 'CATALOG', '{}'),
               (NEW.id, 'catalog_admin', 'CATALOG_MANAGE_POLICIES', 'CATALOG', '{}');
    INSERT INTO catalog_role_assignments (principal_role, catalog_id, catalog_role)
        SELECT name, NEW.id, 'catalog_admin' FROM principal_roles WHERE service_admin;
    RETURN NULL;
END
$$;

INSERT INTO grants (catalog_id, catalog_role, privilege, securable_type, securable_path)
    SELECT r.catalog_id, 'catalog_admin', 'CATALOG_MANAGE_POLICIES', 'CATALOG', '{}'
    FROM catalog_roles r WHERE r.name = 'catalog_admin'
    ON CONFLICT DO NOTHING;
