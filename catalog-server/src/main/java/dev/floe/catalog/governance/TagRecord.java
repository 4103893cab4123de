package dev.floe.catalog.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.governance.TagDefinition;
import java.time.Instant;

/** A stored tag definition with who created and last changed it, and when. */
public record TagRecord(TagDefinition definition, String createdBy, Instant createdAt, String updatedBy, Instant updatedAt) {
  public TagRecord {
    requireNonNull(definition, "definition is null");
    requireNonNull(createdBy, "createdBy is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(updatedBy, "updatedBy is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }
}
