-- The resource column of an idempotency record now also carries a fingerprint of the request
-- body, so that a key reused for a different request is refused. Records written before this
-- version have none and are simply left to expire.
COMMENT ON COLUMN idempotency_records.resource IS 'operation resource and SHA-256 of the request body';
