package dev.floe.catalog.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.governance.ColumnMaskPolicy;
import dev.floe.policy.governance.RowFilterPolicy;
import java.time.Instant;

/**
 * A stored row filter or column mask with its catalog and who created and last changed it, and
 * when.
 *
 * @param policy a {@link RowFilterPolicy} or a {@link ColumnMaskPolicy}
 */
public record PolicyRecord<P>(String catalog, P policy, String createdBy, Instant createdAt, String updatedBy, Instant updatedAt) {
  public PolicyRecord {
    requireNonNull(catalog, "catalog is null");
    requireNonNull(policy, "policy is null");
    requireNonNull(createdBy, "createdBy is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(updatedBy, "updatedBy is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }
}
