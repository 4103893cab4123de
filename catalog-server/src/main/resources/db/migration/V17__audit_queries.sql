-- Indexes for the audit trail's filters and reports (AuditEventQueries): the tag filter (details
-- "tags", a comma-separated list), the engine query id filter, and the reports, which read one
-- kind and a few operations in a period. All partial: most records are allowed reads without tags
-- or query id, and every index a record enters costs the audit writer's throughput. The filters'
-- conditions imply the predicates (strict operators on the same expressions; the reports repeat
-- the last one word for word).
CREATE INDEX audit_events_tags ON audit_events USING GIN (string_to_array(details->>'tags', ','))
    WHERE string_to_array(details->>'tags', ',') IS NOT NULL;
CREATE INDEX audit_events_query_id ON audit_events ((details->>'query-id'))
    WHERE details->>'query-id' IS NOT NULL;
CREATE INDEX audit_events_kind_operation ON audit_events (kind, operation, seq)
    WHERE NOT (kind = 'AUTHORIZATION' AND decision = 'ALLOW');
