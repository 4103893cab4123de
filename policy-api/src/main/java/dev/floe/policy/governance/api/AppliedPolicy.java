package dev.floe.policy.governance.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A policy that decided part of a table's answer, at the version that decided it.
 *
 * @param id the policy id; 0 for what OPA contributed ({@link PolicyEffect#OPA_ROW_FILTER}, {@link
 *     PolicyEffect#OPA_COLUMN_MASK})
 * @param version the policy's version; 0 for what OPA contributed
 * @param effect what it did
 * @param column for a mask or an exemption, the column it decided, named as asked; {@code null} for
 *     a row filter
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppliedPolicy(long id, long version, PolicyEffect effect, String column) {
  public AppliedPolicy {
    requireNonNull(effect, "effect is null");
    if (effect.isRowFilter() != (column == null)) {
      throw new IllegalArgumentException(
          "A row filter names no column, a mask or exemption names one: " + effect + " " + column);
    }
  }
}
