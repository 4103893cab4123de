package dev.floe.policy.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.Securable;
import dev.floe.policy.SecurableType;

/** What a column mask policy is on: one column, or every column carrying a tag. */
public sealed interface MaskTarget permits MaskTarget.Column, MaskTarget.Tag {
  /**
   * One column of a table, by field id.
   *
   * @param table the table
   * @param fieldId the column's Iceberg field id
   */
  record Column(Securable table, int fieldId) implements MaskTarget {
    public Column {
      requireNonNull(table, "table is null");
      if (table.type() != SecurableType.TABLE) {
        throw new PolicyValidationException(
            PolicyValidationException.Problem.INVALID_TARGET,
            "A column mask is on a table's column, got " + table);
      }
    }
  }

  /**
   * Every column carrying the tag or a tag below it, now and in the future, in every table of the
   * catalog.
   *
   * @param tag the tag name
   */
  record Tag(String tag) implements MaskTarget {
    public Tag {
      TagNames.check(tag);
    }
  }
}
