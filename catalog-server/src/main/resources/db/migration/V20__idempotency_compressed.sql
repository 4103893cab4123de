-- Floe schema, version 20: an answer kept for Idempotency-Key replays is stored gzip-compressed
-- (response_body_gzip) once it is 1 kB or more, response_body then NULL; smaller answers stay
-- text. Records written before keep their text. The compressed bytes are stored as they are
-- (no second compression by PostgreSQL).

ALTER TABLE idempotency_records ADD COLUMN response_body_gzip BYTEA;
ALTER TABLE idempotency_records ALTER COLUMN response_body_gzip SET STORAGE EXTERNAL;
