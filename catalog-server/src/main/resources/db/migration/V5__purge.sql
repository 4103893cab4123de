-- Purges of dropped tables (drop with purgeRequested=true), done in the background by one Floe
-- node at a time: the drop removes the catalog entry and records the job in one statement; a
-- worker claims a job with a lease (FOR UPDATE SKIP LOCKED), deletes the table's files (the files
-- its metadata names, then whatever is left under its locations), and records progress. A job
-- whose node stopped is taken over when its lease runs out. No foreign key to catalogs: a job
-- outlives nothing it refers to, and its rows say what was purged.
CREATE TABLE purge_jobs (
    id                BIGSERIAL    PRIMARY KEY,
    catalog_id        BIGINT       NOT NULL,
    catalog_name      VARCHAR(255) NOT NULL,
    namespace_path    TEXT         NOT NULL,
    table_name        TEXT         NOT NULL,
    location          TEXT         NOT NULL,
    -- JSON array of the normalized roots files may be deleted under (the location first)
    roots             TEXT         NOT NULL,
    metadata_location TEXT         NOT NULL,
    status            VARCHAR(16)  NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'DONE', 'FAILED')),
    files_deleted     BIGINT       NOT NULL DEFAULT 0,
    files_skipped     BIGINT       NOT NULL DEFAULT 0,
    attempts          INT          NOT NULL DEFAULT 0,
    last_error        TEXT,
    claimed_by        TEXT,
    lease_until       TIMESTAMPTZ,
    next_attempt_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    finished_at       TIMESTAMPTZ
);

CREATE INDEX purge_jobs_due ON purge_jobs (status, next_attempt_at) WHERE status IN ('PENDING', 'RUNNING');
CREATE INDEX purge_jobs_catalog ON purge_jobs (catalog_name, id);
