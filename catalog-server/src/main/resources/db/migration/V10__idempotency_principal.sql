-- Idempotency keys are scoped per principal in storage, not only in replay: two principals may
-- use the same Idempotency-Key, each for its own request, and neither ever meets the other's
-- record. Records written before this version belong to no principal (''): no caller matches
-- them, and they expire within the idempotency lifetime.
ALTER TABLE idempotency_records ADD COLUMN principal TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE idempotency_records ALTER COLUMN principal DROP DEFAULT;
ALTER TABLE idempotency_records DROP CONSTRAINT idempotency_records_pkey;
ALTER TABLE idempotency_records ADD PRIMARY KEY (principal, idempotency_key);

-- The key listing page tokens are encrypted and authenticated with (AES-256-GCM), shared by every
-- Floe node: the first node that needs it stores a random key here (one row, never replaced).
-- Deleting the row makes every outstanding page token invalid (400); clients list from the start.
CREATE TABLE page_token_keys (
    id         SMALLINT    PRIMARY KEY CHECK (id = 1),
    key_bytes  BYTEA       NOT NULL CHECK (octet_length(key_bytes) = 32),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
