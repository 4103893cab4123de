package dev.floe.catalog.metastore;

import static java.util.Objects.requireNonNull;

/** A row of the ownership table: a prefix and who owns it (exactly one of the ids is set). */
public record OwnedPrefix(String prefix, Kind kind, Long objectId, Long namespaceId, Long purgeJobId, String stagedPath) {
  /** Who owns a prefix. */
  public enum Kind {
    OBJECT,
    NAMESPACE,
    STAGED,
    PURGE
  }

  public OwnedPrefix {
    requireNonNull(prefix, "prefix is null");
    requireNonNull(kind, "kind is null");
  }
}
