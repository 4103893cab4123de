package dev.floe.catalog.access;

/**
 * What a grant did.
 *
 * @param created whether the grant is new (false: the role already held it)
 * @param pending whether it waits for its object (granted with allow-missing) and grants nothing yet
 */
public record GrantResult(boolean created, boolean pending) {}
