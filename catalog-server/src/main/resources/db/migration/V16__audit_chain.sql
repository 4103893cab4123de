-- The audit trail as a hash chain (dev.floe.audit.chain, docs/audit.md): every record carries its
-- sequence number (1, 2, 3, … without gaps), the SHA-256 of the record before it and its own hash.
-- One chain for all nodes: whoever appends locks the single row of audit_chain_head, takes the
-- next numbers from it and moves it, in the transaction that inserts the records; a rolled-back
-- transaction rolls the head back too, so the numbers stay gap-free.

ALTER TABLE audit_events ADD COLUMN prev_hash BYTEA;
ALTER TABLE audit_events ADD COLUMN hash BYTEA;

-- numbers come from the chain head, no longer from a sequence (which leaves gaps on rollback)
ALTER TABLE audit_events ALTER COLUMN seq DROP DEFAULT;
DROP SEQUENCE IF EXISTS audit_events_seq_seq;

-- records written before the chain: renumbered 1..n in their stored order; the server chains them
-- (fills prev_hash and hash, moves the head) at its first start on this schema, before it writes
UPDATE audit_events e SET seq = -r.n
  FROM (SELECT id, row_number() OVER (ORDER BY seq) AS n FROM audit_events) r
 WHERE e.id = r.id;
UPDATE audit_events SET seq = -seq;

CREATE TABLE audit_chain_head (
    id    SMALLINT PRIMARY KEY CHECK (id = 1),
    seq   BIGINT   NOT NULL,
    hash  BYTEA    NOT NULL
);
INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, decode(repeat('00', 32), 'hex'));

-- Signed statements "record seq had hash hash" (dev.floe.audit.chain.Checkpoint). The signing key
-- is not in the database; verification uses its public half from outside it.
CREATE TABLE audit_checkpoints (
    seq        BIGINT      PRIMARY KEY,
    hash       BYTEA       NOT NULL,
    signed_at  TIMESTAMPTZ NOT NULL,
    key_id     TEXT        NOT NULL,
    signature  BYTEA       NOT NULL,
    node       TEXT
);
