package dev.floe.policy.governance;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * A classification tag: its hierarchical name, what it means, and who may apply it.
 *
 * @param name the tag name (see {@link TagNames}); the parent ({@code pii} for {@code pii.email})
 *     must be defined too ({@link GovernanceValidator#checkTag})
 * @param description what the tag means, for stewards
 * @param applierRoles the principal roles whose members may assign the tag to objects and
 *     columns; empty when only the catalog's access managers may (the server decides that rule)
 * @param version the definition's version, from 1, raised on every change
 */
public record TagDefinition(String name, String description, Set<String> applierRoles, long version) {
  public TagDefinition {
    TagNames.check(name);
    requireNonNull(description, "description is null");
    requireNonNull(applierRoles, "applierRoles is null");
    applierRoles = Set.copyOf(applierRoles);
    if (version < 1) {
      throw new IllegalArgumentException("version starts at 1, got " + version);
    }
  }

  /** The parent tag's name, or null for a top-level tag. */
  public String parentName() {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? null : name.substring(0, dot);
  }

  /** Whether a caller with these principal roles may apply the tag by this definition's rule. */
  public boolean mayBeAppliedBy(Set<String> principalRoles) {
    for (String role : principalRoles) {
      if (applierRoles.contains(role)) {
        return true;
      }
    }
    return false;
  }
}
