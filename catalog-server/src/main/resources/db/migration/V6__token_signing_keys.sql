-- The keys Floe signs its own access tokens with (RS256). Every node signs with the newest key
-- and verifies with any key still listed; a key is replaced after floe.auth.tokens.key-rotation
-- and deleted once no token it signed can still be valid.
CREATE TABLE token_signing_keys (
    kid          text COLLATE "C" PRIMARY KEY,
    private_key  bytea       NOT NULL,  -- PKCS#8
    public_key   bytea       NOT NULL,  -- X.509 SubjectPublicKeyInfo
    created_at   timestamptz NOT NULL DEFAULT now(),
    retire_after timestamptz NOT NULL   -- no new tokens after this
);
