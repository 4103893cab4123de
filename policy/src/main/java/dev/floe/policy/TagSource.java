package dev.floe.policy;

import java.util.Set;

/**
 * Where the classification tags of a securable come from, for decisions that depend on them
 * (OPA's rules on {@code confidential} tables, say). One source answers for every decision that
 * needs tags: signing, vending, purges, commits.
 */
@FunctionalInterface
public interface TagSource {
  /** The tags of {@code securable}; none for one that has none or does not exist. */
  Set<String> tagsOf(Securable securable);

  /** A source that knows no tags. */
  static TagSource none() {
    return securable -> Set.of();
  }
}
