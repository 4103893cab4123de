-- Floe schema, version 19: every change of a table's or view's row (its metadata pointer above
-- all) is announced on the channel floe_pointers, in the transaction that makes it, so that the
-- pointer cache of every node (PointerCache, PointerListener) drops the object's entry when the
-- change commits. The payload names the object as a JSON array [catalog_id, namespace_path,
-- name]; a key too long for a notification (8,000 bytes) names only its catalog,
-- [catalog_id], and the listeners drop the whole catalog's entries.

CREATE FUNCTION floe_notify_pointer(catalog_id BIGINT, namespace_path TEXT, name TEXT) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    payload TEXT := json_build_array(catalog_id, namespace_path, name)::text;
BEGIN
    IF octet_length(payload) > 7000 THEN
        payload := json_build_array(catalog_id)::text;
    END IF;
    PERFORM pg_notify('floe_pointers', payload);
END
$$;

CREATE FUNCTION floe_pointer_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM floe_notify_pointer(OLD.catalog_id, OLD.namespace_path, OLD.name);
    END IF;
    -- a new row, or a renamed one: its new key too
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (NEW.namespace_path, NEW.name) IS DISTINCT FROM (OLD.namespace_path, OLD.name)) THEN
        PERFORM floe_notify_pointer(NEW.catalog_id, NEW.namespace_path, NEW.name);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER catalog_objects_pointer_changed AFTER INSERT OR UPDATE OR DELETE ON catalog_objects
    FOR EACH ROW EXECUTE FUNCTION floe_pointer_changed();
