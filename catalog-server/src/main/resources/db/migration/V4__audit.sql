-- Audit events: every authorization decision, authentication and mutation (dev.floe.audit.AuditEvent).
-- Written in batches by the audit writer; seq is the order in which they were stored, the key of
-- the query endpoint's newest-first pagination. Resources and principals are compared byte-wise
-- (COLLATE "C") so that a prefix search on resource can use its index.

CREATE TABLE audit_events (
    id             UUID         PRIMARY KEY,
    seq            BIGSERIAL    NOT NULL UNIQUE,
    time           TIMESTAMPTZ  NOT NULL,
    kind           VARCHAR(16)  NOT NULL CHECK (kind IN ('AUTHENTICATION', 'AUTHORIZATION', 'MUTATION')),
    principal      TEXT COLLATE "C",
    operation      VARCHAR(64)  NOT NULL,
    resource       TEXT COLLATE "C" NOT NULL,
    decision       VARCHAR(16)  NOT NULL,
    reason         TEXT         NOT NULL,
    request_id     TEXT,
    client_address TEXT,
    details        JSONB        NOT NULL DEFAULT '{}'
);

CREATE INDEX audit_events_time ON audit_events (time);
CREATE INDEX audit_events_principal ON audit_events (principal, seq);
CREATE INDEX audit_events_resource ON audit_events (resource, seq);
