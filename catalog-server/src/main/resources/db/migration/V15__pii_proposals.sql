-- PII proposals, version 15: what a PII scan (dev.floe.catalog.pii.PiiScans) proposes for a
-- table's column, and what a person decided about it. Counts and the proposal only: a sampled
-- value is never stored here (nor logged, returned or audited).
--
-- A proposal is bound to its table by id (catalog_objects.id, ON DELETE CASCADE) and to its column
-- by Iceberg field id, so a renamed table or column keeps its proposals (names are read through
-- the join and the table's current schema). There is one row per table, column and tag:
--   * a new scan updates the evidence of a 'proposed' row;
--   * an 'accepted' row is left alone (the tag assignment exists);
--   * a 'rejected' row is proposed again only when the evidence changes: a confidence higher by at
--     least 0.1 than the rejected one, or a different snapshot with more matching samples than the
--     rejected one (PiiProposalStore.EVIDENCE_STEP).
CREATE TABLE pii_proposals (
    id             BIGSERIAL PRIMARY KEY,
    catalog_id     BIGINT           NOT NULL REFERENCES catalogs (id) ON DELETE CASCADE,
    object_id      BIGINT           NOT NULL REFERENCES catalog_objects (id) ON DELETE CASCADE,
    field_id       INTEGER          NOT NULL,
    tag            TEXT             NOT NULL,
    confidence     DOUBLE PRECISION NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    matching_count INTEGER          NOT NULL CHECK (matching_count >= 0),
    sampled_count  INTEGER          NOT NULL CHECK (sampled_count >= matching_count),
    snapshot_id    BIGINT           NOT NULL,
    status         TEXT             NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'rejected')),
    decided_by     TEXT,
    decided_at     TIMESTAMPTZ,
    created_at     TIMESTAMPTZ      NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ      NOT NULL DEFAULT now(),
    CONSTRAINT pii_proposals_column_tag UNIQUE (object_id, field_id, tag),
    CONSTRAINT pii_proposals_decision CHECK ((status = 'proposed') = (decided_by IS NULL AND decided_at IS NULL))
);

CREATE INDEX pii_proposals_catalog_status ON pii_proposals (catalog_id, status);
