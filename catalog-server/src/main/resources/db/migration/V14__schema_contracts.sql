-- Schema contracts, version 14: rules on a namespace or a table that every commit changing a
-- table's schema must keep (dev.floe.policy.contracts.ContractChecker).
--
-- A contract is bound to its namespace or table by id (namespaces.id, catalog_objects.id), as the
-- governance rows of V11 are: dropping the object drops its contracts (ON DELETE CASCADE), and a
-- renamed table keeps them (its path is read through the join, never stored here). A table is
-- governed by its own contracts and those of its namespace and every ancestor namespace.
--
-- Contracts are read through on each commit that changes a schema (no in-memory copy, so no
-- version bump or NOTIFY): such commits are rare next to data commits.
CREATE TABLE schema_contracts (
    id           BIGSERIAL PRIMARY KEY,
    catalog_id   BIGINT      NOT NULL REFERENCES catalogs (id) ON DELETE CASCADE,
    namespace_id BIGINT REFERENCES namespaces (id) ON DELETE CASCADE,
    object_id    BIGINT REFERENCES catalog_objects (id) ON DELETE CASCADE,
    rules        JSONB       NOT NULL,
    version      BIGINT      NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_by   TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_by   TEXT        NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT schema_contracts_binding CHECK ((namespace_id IS NULL) <> (object_id IS NULL))
);

CREATE INDEX schema_contracts_catalog ON schema_contracts (catalog_id);
CREATE INDEX schema_contracts_namespace ON schema_contracts (namespace_id) WHERE namespace_id IS NOT NULL;
CREATE INDEX schema_contracts_object ON schema_contracts (object_id) WHERE object_id IS NOT NULL;
