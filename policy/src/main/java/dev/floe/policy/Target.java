package dev.floe.policy;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * An object an operation acts on, with what the authorizer may need to know about it.
 *
 * @param securable the object (for a create or rename destination: the object to be created)
 * @param tags the object's classification tags ({@code confidential}, {@code pii.email}, …); the
 *     built-in RBAC ignores them, policy engines such as OPA may use them
 * @param changes for a table commit, what it changes (decides the write privilege needed); empty
 *     otherwise
 */
public record Target(Securable securable, Set<String> tags, Set<TableChange> changes) {
  public Target {
    requireNonNull(securable, "securable is null");
    requireNonNull(tags, "tags is null");
    requireNonNull(changes, "changes is null");
    tags = Set.copyOf(tags);
    changes = Set.copyOf(changes);
    for (String tag : tags) {
      if (tag.isEmpty()) {
        throw new IllegalArgumentException("Empty tag on " + securable);
      }
    }
    if (!changes.isEmpty() && securable.type() != SecurableType.TABLE) {
      throw new IllegalArgumentException("Only a table target has changes, got " + securable);
    }
  }

  /** A target with no tags and no changes. */
  public static Target of(Securable securable) {
    return new Target(securable, Set.of(), Set.of());
  }

  public Target withTags(Set<String> newTags) {
    return new Target(securable, newTags, changes);
  }

  public Target withChanges(Set<TableChange> newChanges) {
    return new Target(securable, tags, newChanges);
  }
}
