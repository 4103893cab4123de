-- Members of a principal role with trusted_engine = true are trusted engines (Trino's Floe plugin):
-- they may ask the governance evaluation about any identity, and they may receive raw data access
-- (vended credentials, remote signatures) on tables where a row filter or column mask applies to
-- them, because they enforce the policies themselves. Everyone else may only ask about itself and
-- gets no raw data access where a policy applies. The access triggers of V3 notify every node.
ALTER TABLE principal_roles ADD COLUMN trusted_engine BOOLEAN NOT NULL DEFAULT false;
