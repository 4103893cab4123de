-- Principal identity, version 8. Every principal instance gets a stable random id, and every
-- principal a credential generation that each rotation of its secret bumps, with the time of that
-- rotation. Floe's own tokens carry both (claims floe_pid and floe_gen): a token of a dropped
-- principal never works for a new principal of the same name, and a token of rotated credentials
-- stops working (unless it was issued within floe.auth.rotation-grace before the rotation).
--
-- The principals that exist now get their id here; the tokens they already hold carry no id and
-- are refused from this version on (fail closed): clients sign in again with their credentials.

ALTER TABLE principals
    ADD COLUMN id                     UUID        NOT NULL DEFAULT gen_random_uuid(),
    ADD COLUMN credential_generation  BIGINT      NOT NULL DEFAULT 1,
    ADD COLUMN credentials_rotated_at TIMESTAMPTZ;

ALTER TABLE principals
    ADD CONSTRAINT principals_id_unique UNIQUE (id),
    ADD CONSTRAINT principals_credential_generation CHECK (credential_generation >= 1),
    -- a rotation has a time, and generation 1 has never been rotated
    ADD CONSTRAINT principals_rotation CHECK ((credential_generation = 1) = (credentials_rotated_at IS NULL));
