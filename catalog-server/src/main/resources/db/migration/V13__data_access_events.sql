-- Audit events of kind DATA_ACCESS: an engine's report of what a user read (one event per table of
-- a finished query; who, which columns, masked or raw, which row filters).
ALTER TABLE audit_events DROP CONSTRAINT audit_events_kind_check;
ALTER TABLE audit_events ADD CONSTRAINT audit_events_kind_check
    CHECK (kind IN ('AUTHENTICATION', 'AUTHORIZATION', 'MUTATION', 'DATA_ACCESS'));
