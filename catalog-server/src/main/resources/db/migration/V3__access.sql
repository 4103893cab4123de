-- Floe identity and access, version 3: principals, principal roles, catalog roles, grants.
--
-- Every change of these tables (including cascades from a dropped catalog) bumps the single
-- access_version row and sends NOTIFY floe_access '<version>' in the same transaction, through the
-- statement triggers at the end: each Floe node keeps all of this in memory and reloads it when
-- the version moves (its own writes, a notification, or a periodic version check).

CREATE TABLE access_version (
    id      SMALLINT PRIMARY KEY CHECK (id = 1),
    version BIGINT   NOT NULL
);

INSERT INTO access_version (id, version) VALUES (1, 1);

-- Service principals (client id and a slow hash of the secret) and people known from an identity
-- provider (no client id, no secret).
CREATE TABLE principals (
    name        TEXT COLLATE "C" PRIMARY KEY,
    client_id   TEXT COLLATE "C" UNIQUE,
    secret_hash TEXT,
    disabled    BOOLEAN     NOT NULL DEFAULT false,
    properties  JSONB       NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT principals_credentials CHECK ((client_id IS NULL) = (secret_hash IS NULL))
);

-- Members of a principal role with service_admin = true are service administrators: they create
-- and drop catalogs and manage principals and principal roles.
CREATE TABLE principal_roles (
    name          TEXT COLLATE "C" PRIMARY KEY,
    service_admin BOOLEAN     NOT NULL DEFAULT false,
    properties    JSONB       NOT NULL DEFAULT '{}',
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE principal_role_members (
    principal      TEXT COLLATE "C" NOT NULL REFERENCES principals (name) ON DELETE CASCADE,
    principal_role TEXT COLLATE "C" NOT NULL REFERENCES principal_roles (name) ON DELETE CASCADE,
    PRIMARY KEY (principal, principal_role)
);

CREATE INDEX principal_role_members_role ON principal_role_members (principal_role);

-- Roles inside one catalog; dropping the catalog drops them, their grants and assignments.
CREATE TABLE catalog_roles (
    catalog_id BIGINT      NOT NULL REFERENCES catalogs (id) ON DELETE CASCADE,
    name       TEXT COLLATE "C" NOT NULL,
    properties JSONB       NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (catalog_id, name)
);

CREATE TABLE catalog_role_assignments (
    principal_role TEXT COLLATE "C" NOT NULL REFERENCES principal_roles (name) ON DELETE CASCADE,
    catalog_id     BIGINT NOT NULL,
    catalog_role   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (principal_role, catalog_id, catalog_role),
    FOREIGN KEY (catalog_id, catalog_role) REFERENCES catalog_roles (catalog_id, name) ON DELETE CASCADE
);

CREATE INDEX catalog_role_assignments_role ON catalog_role_assignments (catalog_id, catalog_role);

-- One privilege on one securable of the role's catalog. securable_path is the path below the
-- catalog: empty for the catalog itself, the namespace levels for a namespace, the namespace
-- levels and the name for a table or view.
CREATE TABLE grants (
    catalog_id     BIGINT      NOT NULL,
    catalog_role   TEXT COLLATE "C" NOT NULL,
    privilege      VARCHAR(64) NOT NULL,
    securable_type VARCHAR(16) NOT NULL CHECK (securable_type IN ('CATALOG', 'NAMESPACE', 'TABLE', 'VIEW')),
    securable_path TEXT[] COLLATE "C" NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (catalog_id, catalog_role, privilege, securable_type, securable_path),
    FOREIGN KEY (catalog_id, catalog_role) REFERENCES catalog_roles (catalog_id, name) ON DELETE CASCADE
);

-- The version bump and notification of every change.
CREATE FUNCTION floe_access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    new_version BIGINT;
BEGIN
    UPDATE access_version SET version = version + 1 WHERE id = 1 RETURNING version INTO new_version;
    PERFORM pg_notify('floe_access', new_version::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER principals_changed AFTER INSERT OR UPDATE OR DELETE ON principals
    FOR EACH STATEMENT EXECUTE FUNCTION floe_access_changed();
CREATE TRIGGER principal_roles_changed AFTER INSERT OR UPDATE OR DELETE ON principal_roles
    FOR EACH STATEMENT EXECUTE FUNCTION floe_access_changed();
CREATE TRIGGER principal_role_members_changed AFTER INSERT OR UPDATE OR DELETE ON principal_role_members
    FOR EACH STATEMENT EXECUTE FUNCTION floe_access_changed();
CREATE TRIGGER catalog_roles_changed AFTER INSERT OR UPDATE OR DELETE ON catalog_roles
    FOR EACH STATEMENT EXECUTE FUNCTION floe_access_changed();
CREATE TRIGGER catalog_role_assignments_changed AFTER INSERT OR UPDATE OR DELETE ON catalog_role_assignments
    FOR EACH STATEMENT EXECUTE FUNCTION floe_access_changed();
CREATE TRIGGER grants_changed AFTER INSERT OR UPDATE OR DELETE ON grants
    FOR EACH STATEMENT EXECUTE FUNCTION floe_access_changed();

-- The service administrators' principal role; the bootstrap makes the root principal a member.
INSERT INTO principal_roles (name, service_admin) VALUES ('service_admin', true);

-- Every catalog gets catalog role catalog_admin (CATALOG_MANAGE_CONTENT and CATALOG_MANAGE_ACCESS
-- on the catalog), assigned to every service-administrator principal role, in the transaction that
-- creates the catalog, whoever creates it (the default catalog at first start, the management API,
-- any node).
CREATE FUNCTION floe_catalog_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO catalog_roles (catalog_id, name) VALUES (NEW.id, 'catalog_admin');
    INSERT INTO grants (catalog_id, catalog_role, privilege, securable_type, securable_path)
        VALUES (NEW.id, 'catalog_admin', 'CATALOG_MANAGE_CONTENT', 'CATALOG', '{}'),
               (NEW.id, 'catalog_admin', 'CATALOG_MANAGE_ACCESS', 'CATALOG', '{}');
    INSERT INTO catalog_role_assignments (principal_role, catalog_id, catalog_role)
        SELECT name, NEW.id, 'catalog_admin' FROM principal_roles WHERE service_admin;
    RETURN NULL;
END
$$;

CREATE TRIGGER catalogs_created AFTER INSERT ON catalogs
    FOR EACH ROW EXECUTE FUNCTION floe_catalog_created();

-- Catalogs created before this version get the same.
INSERT INTO catalog_roles (catalog_id, name) SELECT id, 'catalog_admin' FROM catalogs;
INSERT INTO grants (catalog_id, catalog_role, privilege, securable_type, securable_path)
    SELECT id, 'catalog_admin', privilege, 'CATALOG', '{}'
    FROM catalogs CROSS JOIN (VALUES ('CATALOG_MANAGE_CONTENT'), ('CATALOG_MANAGE_ACCESS')) AS p (privilege);
INSERT INTO catalog_role_assignments (principal_role, catalog_id, catalog_role)
    SELECT 'service_admin', id, 'catalog_admin' FROM catalogs;
