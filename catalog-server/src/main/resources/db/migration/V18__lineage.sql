-- Lineage, version 18: the graph that OpenLineage run events from engines and Floe's own commit
-- capture build (dev.floe.catalog.lineage). Datasets and jobs are nodes; an edge says that a job
-- read (direction 'in') or wrote (direction 'out') a dataset in at least one run. Edges and column
-- edges are the graph and are kept forever; runs are its history and go by age
-- (floe.lineage.retention), which leaves the edges in place.
--
-- A dataset is a catalog table (catalog, namespace levels joined by U+001F, name), named as
-- engines name it when they report it, or an external dataset under the engine's own naming.
-- Tables are named, not bound to catalog_objects ids: the graph keeps the history of a name
-- across drops and re-creations, as engines report it.
CREATE TABLE lineage_datasets (
    id             BIGSERIAL PRIMARY KEY,
    -- 'table': catalog_name, namespace_path and name; 'external': the engine's namespace and name
    kind           VARCHAR(8)       NOT NULL CHECK (kind IN ('table', 'external')),
    catalog_name   TEXT COLLATE "C",
    namespace_path TEXT COLLATE "C" NOT NULL,
    name           TEXT COLLATE "C" NOT NULL,
    created_at     TIMESTAMPTZ      NOT NULL DEFAULT now(),
    CONSTRAINT lineage_datasets_kind CHECK ((kind = 'table') = (catalog_name IS NOT NULL))
);
CREATE UNIQUE INDEX lineage_datasets_identity ON lineage_datasets (kind, coalesce(catalog_name, ''), namespace_path, name);

-- A job as its producer names it (namespace, name). Floe's own commit capture makes jobs in the
-- namespace 'floe'; a 'provisional' job stands for an engine's run (named by the engine's query
-- id found in a snapshot summary) until the engine reports that run itself, when the run and the
-- job's edges move to the engine's job and the provisional job goes. A job's latest run is read
-- from lineage_runs; last_run_id and last_event_time hold its first run, and the latest run that
-- retention removed (so that a job whose runs are all gone still names one), never updated by a
-- report (every run of a job would contend for the row).
CREATE TABLE lineage_jobs (
    id               BIGSERIAL PRIMARY KEY,
    namespace        TEXT COLLATE "C" NOT NULL,
    name             TEXT COLLATE "C" NOT NULL,
    provisional      BOOLEAN          NOT NULL DEFAULT false,
    last_run_id      UUID             NOT NULL,
    last_event_time  TIMESTAMPTZ      NOT NULL,
    created_at       TIMESTAMPTZ      NOT NULL DEFAULT now(),
    CONSTRAINT lineage_jobs_name UNIQUE (namespace, name)
);

CREATE TABLE lineage_edges (
    job_id     BIGINT  NOT NULL REFERENCES lineage_jobs (id) ON DELETE CASCADE,
    direction  CHAR(1) NOT NULL CHECK (direction IN ('i', 'o')),
    dataset_id BIGINT  NOT NULL REFERENCES lineage_datasets (id),
    PRIMARY KEY (job_id, direction, dataset_id)
);
-- the walk: the jobs writing (upstream) or reading (downstream) a set of datasets
CREATE INDEX lineage_edges_dataset ON lineage_edges (dataset_id, direction, job_id);

CREATE TABLE lineage_column_edges (
    job_id         BIGINT NOT NULL REFERENCES lineage_jobs (id) ON DELETE CASCADE,
    in_dataset_id  BIGINT NOT NULL REFERENCES lineage_datasets (id),
    in_column      TEXT COLLATE "C" NOT NULL,
    out_dataset_id BIGINT NOT NULL REFERENCES lineage_datasets (id),
    out_column     TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (job_id, out_dataset_id, out_column, in_dataset_id, in_column)
);

-- One row per run: its latest state, when it started and ended (by the events' times), who
-- reported it, and where it came from ('engine', 'floe' for commit capture, 'merged' when both
-- reported the same run).
CREATE TABLE lineage_runs (
    run_id          UUID PRIMARY KEY,
    job_id          BIGINT      NOT NULL REFERENCES lineage_jobs (id) ON DELETE CASCADE,
    state           VARCHAR(16) NOT NULL,
    source          VARCHAR(8)  NOT NULL CHECK (source IN ('engine', 'floe', 'merged')),
    started_at      TIMESTAMPTZ,
    ended_at        TIMESTAMPTZ,
    last_event_time TIMESTAMPTZ NOT NULL,
    producer        TEXT        NOT NULL,
    reported_by     TEXT        NOT NULL,
    event_count     INTEGER     NOT NULL DEFAULT 1,
    -- set by the engine report that moved the run from another job (the commit capture's
    -- provisional job), which reads it back in the same statement to hand that job's edges over
    moved_from      BIGINT,
    received_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX lineage_runs_job ON lineage_runs (job_id, last_event_time DESC);
CREATE INDEX lineage_runs_age ON lineage_runs (last_event_time);

-- The commits Floe captured for a run: the table, the snapshot it made current (null for a
-- commit that made none, such as a schema change), who committed and the engine hints of the
-- snapshot summary.
CREATE TABLE lineage_commits (
    id                BIGSERIAL PRIMARY KEY,
    run_id            UUID        NOT NULL REFERENCES lineage_runs (run_id) ON DELETE CASCADE,
    dataset_id        BIGINT      NOT NULL REFERENCES lineage_datasets (id),
    snapshot_id       BIGINT,
    metadata_location TEXT        NOT NULL,
    committed_by      TEXT        NOT NULL,
    engine            TEXT,
    engine_run        TEXT,
    committed_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX lineage_commits_run ON lineage_commits (run_id);
