-- Floe catalog schema, version 1: catalogs, namespaces, tables and views, idempotency keys,
-- metrics reports. Names of namespaces are stored as their levels joined by U+001F.

CREATE TABLE catalogs (
    id           BIGSERIAL PRIMARY KEY,
    name         VARCHAR(255) NOT NULL UNIQUE,
    storage_root TEXT         NOT NULL,
    properties   TEXT         NOT NULL DEFAULT '{}',
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE namespaces (
    id          BIGSERIAL PRIMARY KEY,
    catalog_id  BIGINT      NOT NULL REFERENCES catalogs (id) ON DELETE CASCADE,
    path        TEXT COLLATE "C" NOT NULL,
    parent_path TEXT COLLATE "C" NOT NULL,
    properties  TEXT        NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT namespaces_path_unique UNIQUE (catalog_id, path)
);

CREATE INDEX namespaces_children ON namespaces (catalog_id, parent_path, path);

-- Tables and views share one name space per Iceberg namespace, as in the REST spec.
CREATE TABLE catalog_objects (
    id                         BIGSERIAL PRIMARY KEY,
    catalog_id                 BIGINT      NOT NULL REFERENCES catalogs (id) ON DELETE CASCADE,
    namespace_id               BIGINT      NOT NULL REFERENCES namespaces (id),
    namespace_path             TEXT COLLATE "C" NOT NULL,
    name                       TEXT COLLATE "C" NOT NULL,
    kind                       VARCHAR(8)  NOT NULL CHECK (kind IN ('TABLE', 'VIEW')),
    metadata_location          TEXT        NOT NULL,
    previous_metadata_location TEXT,
    location                   TEXT,
    commit_count               BIGINT      NOT NULL DEFAULT 0,
    created_at                 TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                 TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT catalog_objects_name_unique UNIQUE (catalog_id, namespace_path, name)
);

CREATE INDEX catalog_objects_namespace ON catalog_objects (namespace_id, kind, name);

-- Idempotency-Key records (Iceberg REST spec 1.11). Shared by every Floe node.
CREATE TABLE idempotency_records (
    idempotency_key TEXT        PRIMARY KEY,
    operation       VARCHAR(64) NOT NULL,
    resource        TEXT        NOT NULL,
    state           VARCHAR(16) NOT NULL CHECK (state IN ('IN_PROGRESS', 'COMPLETED')),
    http_status     INT,
    response_body   TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at      TIMESTAMPTZ NOT NULL
);

CREATE INDEX idempotency_records_expiry ON idempotency_records (expires_at);

-- Scan and commit reports sent by engines to the metrics endpoint.
CREATE TABLE metrics_reports (
    id             BIGSERIAL PRIMARY KEY,
    catalog_id     BIGINT      NOT NULL REFERENCES catalogs (id) ON DELETE CASCADE,
    namespace_path TEXT        NOT NULL,
    table_name     TEXT        NOT NULL,
    report_type    VARCHAR(16) NOT NULL,
    report         TEXT        NOT NULL,
    received_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX metrics_reports_table ON metrics_reports (catalog_id, namespace_path, table_name, received_at);
