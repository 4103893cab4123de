-- Idempotency keys are scoped per principal in storage, not only in replay: two principals may
-- use the same Idempotency-Key, each for its own request, and neither ever meets the other's
-- record. Records written before this version belong to no principal (''): no caller matches
-- them, and they expire within the idempotency lifetime.
ALTER TABLE idempotency_records ADD COLUMN principal TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE idempotency_records ALTER COLUMN principal DROP DEFAULT;
ALTER TABLE idempotency_records DROP CONSTRAINT idempotency_records_pkey;
ALTER TABLE idempotency_records ADD PRIMARY KEY (principal, idempotency_key);

