-- Indexes for the audit trail's filters and reports (AuditEventQueries):
-- the tag filter (details "tags", a comma-separated list), the engine query id filter, and the
-- reports, which read one kind and a few operations in a period.
CREATE INDEX audit_events_tags ON audit_events USING GIN (string_to_array(details->>'tags', ','));
CREATE INDEX audit_events_query_id ON audit_events ((details->>'query-id'));
CREATE INDEX audit_events_kind_operation ON audit_events (kind, operation, seq);
