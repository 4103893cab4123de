-- Grant binding, version 9. A grant on a namespace, table or view is bound to that object by id
-- (namespaces.id, catalog_objects.id), not to its name:
--
-- * dropping the object drops its grants in the same transaction (ON DELETE CASCADE); a new
--   object of the same name starts with none;
-- * renaming a table or view carries its grants along (the trigger below rewrites their
--   securable_path in the renaming transaction);
-- * a grant on a missing object is only stored when asked for explicitly ("allow-missing"): it is
--   pending (grants nothing) until an object of that kind is created under that name, which
--   binds it in the creating transaction (a renamed object arriving under that name does not).
--
-- Every change of a grant row, including cascades and the trigger's rewrites, bumps
-- access_version and notifies floe_access in the same transaction, as every access table does
-- (V3), but only when a row really changed: dropping or renaming an object without grants leaves
-- the access version alone.

ALTER TABLE grants
    ADD COLUMN namespace_id BIGINT REFERENCES namespaces (id) ON DELETE CASCADE,
    ADD COLUMN object_id    BIGINT REFERENCES catalog_objects (id) ON DELETE CASCADE,
    ADD COLUMN pending      BOOLEAN NOT NULL DEFAULT false;

-- The securable path of a table or view as grants store it: namespace levels, then the name.
CREATE FUNCTION floe_object_path(object_namespace TEXT, object_name TEXT) RETURNS TEXT[]
    LANGUAGE sql IMMUTABLE AS $$ SELECT string_to_array(object_namespace, E'\x1F') || object_name $$;

-- The advisory lock a grant on a missing object and the creation of an object of that name both
-- take, so that a pending grant is never stored after the creation looked for pending grants.
CREATE FUNCTION floe_grant_lock(lock_catalog BIGINT, lock_type TEXT, lock_path TEXT[]) RETURNS BIGINT
    LANGUAGE sql IMMUTABLE AS $$
    SELECT hashtextextended('floe-grant' || E'\x1E' || lock_catalog || E'\x1E' || lock_type || E'\x1E'
                            || array_to_string(lock_path, E'\x1F'), 0)
$$;

-- Grants on objects that exist now are bound to them.
UPDATE grants g SET namespace_id = n.id
    FROM namespaces n
    WHERE g.securable_type = 'NAMESPACE' AND n.catalog_id = g.catalog_id
      AND n.path = array_to_string(g.securable_path, E'\x1F');
UPDATE grants g SET object_id = o.id
    FROM catalog_objects o
    WHERE g.securable_type IN ('TABLE', 'VIEW') AND o.catalog_id = g.catalog_id AND o.kind = g.securable_type
      AND floe_object_path(o.namespace_path, o.name) = g.securable_path;

-- Grants on objects that do not exist now (never created, or dropped since: the grants a
-- recreated object would have inherited) grant nothing from this version on. They are kept here
-- for the operator to review, and regranted with "allow-missing" where pre-provisioning was meant.
CREATE TABLE grants_orphaned_at_upgrade AS
    SELECT c.name AS catalog, g.catalog_role, g.privilege, g.securable_type, g.securable_path, g.created_at,
           now() AS orphaned_at
    FROM grants g JOIN catalogs c ON c.id = g.catalog_id
    WHERE g.securable_type <> 'CATALOG' AND g.namespace_id IS NULL AND g.object_id IS NULL;
DELETE FROM grants WHERE securable_type <> 'CATALOG' AND namespace_id IS NULL AND object_id IS NULL;

ALTER TABLE grants
    ADD CONSTRAINT grants_binding CHECK (
        CASE securable_type
            WHEN 'CATALOG' THEN namespace_id IS NULL AND object_id IS NULL AND NOT pending
            WHEN 'NAMESPACE' THEN object_id IS NULL AND (namespace_id IS NULL) = pending
            ELSE namespace_id IS NULL AND (object_id IS NULL) = pending
        END),
    -- a pending grant and a bound one may name the same path (an object renamed to a name a
    -- grant is pending for)
    DROP CONSTRAINT grants_pkey,
    ADD PRIMARY KEY (catalog_id, catalog_role, privilege, securable_type, securable_path, pending);

CREATE INDEX grants_namespace ON grants (namespace_id) WHERE namespace_id IS NOT NULL;
CREATE INDEX grants_object ON grants (object_id) WHERE object_id IS NOT NULL;
CREATE INDEX grants_pending ON grants (catalog_id, securable_type, securable_path) WHERE pending;

-- Version bump and notification only for statements that changed grant rows (transition tables
-- cannot serve several events in one trigger: one trigger per event).
DROP TRIGGER grants_changed ON grants;

CREATE FUNCTION floe_access_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    new_version BIGINT;
BEGIN
    IF EXISTS (SELECT 1 FROM changed_rows) THEN
        UPDATE access_version SET version = version + 1 WHERE id = 1 RETURNING version INTO new_version;
        PERFORM pg_notify('floe_access', new_version::text);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER grants_inserted AFTER INSERT ON grants REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION floe_access_rows_changed();
CREATE TRIGGER grants_updated AFTER UPDATE ON grants REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION floe_access_rows_changed();
CREATE TRIGGER grants_deleted AFTER DELETE ON grants REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION floe_access_rows_changed();

-- A renamed (or moved) table or view takes its grants along.
CREATE FUNCTION floe_object_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE grants SET securable_path = floe_object_path(NEW.namespace_path, NEW.name)
        WHERE object_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER catalog_objects_move_grants AFTER UPDATE OF namespace_path, name ON catalog_objects
    FOR EACH ROW
    WHEN (OLD.namespace_path IS DISTINCT FROM NEW.namespace_path OR OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION floe_object_renamed();

-- A created namespace, table or view binds the grants pending for its name and kind.
CREATE FUNCTION floe_object_created() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    created_type TEXT;
    created_path TEXT[];
BEGIN
    IF TG_TABLE_NAME = 'namespaces' THEN
        created_type := 'NAMESPACE';
        created_path := string_to_array(NEW.path, E'\x1F');
    ELSE
        created_type := NEW.kind;
        created_path := floe_object_path(NEW.namespace_path, NEW.name);
    END IF;
    PERFORM pg_advisory_xact_lock(floe_grant_lock(NEW.catalog_id, created_type, created_path));
    UPDATE grants g
        SET pending = false,
            namespace_id = CASE WHEN created_type = 'NAMESPACE' THEN NEW.id END,
            object_id = CASE WHEN created_type <> 'NAMESPACE' THEN NEW.id END
        WHERE g.pending AND g.catalog_id = NEW.catalog_id AND g.securable_type = created_type
          AND g.securable_path = created_path;
    RETURN NULL;
END
$$;

CREATE TRIGGER namespaces_bind_pending_grants AFTER INSERT ON namespaces
    FOR EACH ROW EXECUTE FUNCTION floe_object_created();
CREATE TRIGGER catalog_objects_bind_pending_grants AFTER INSERT ON catalog_objects
    FOR EACH ROW EXECUTE FUNCTION floe_object_created();
