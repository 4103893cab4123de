package dev.floe.policy.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.Securable;
import dev.floe.policy.SecurableType;
import java.util.OptionalInt;

/**
 * A tag put on a catalog, namespace, table, view, or a column of a table or view (by Iceberg field
 * id, so the tag follows the column through renames). A tag on a container applies to everything
 * inside it, down to every column.
 *
 * @param id the assignment's id
 * @param version its version, from 1
 * @param tag the tag name
 * @param securable what the tag is on (for a column: its table or view)
 * @param fieldId the column's field id; empty for a tag on the securable itself
 */
public record TagAssignment(long id, long version, String tag, Securable securable, OptionalInt fieldId) {
  public TagAssignment {
    TagNames.check(tag);
    requireNonNull(securable, "securable is null");
    requireNonNull(fieldId, "fieldId is null");
    if (version < 1) {
      throw new IllegalArgumentException("version starts at 1, got " + version);
    }
    if (fieldId.isPresent()
        && securable.type() != SecurableType.TABLE
        && securable.type() != SecurableType.VIEW) {
      throw new IllegalArgumentException("Only a table or view has columns, got " + securable);
    }
  }

  public static TagAssignment onSecurable(long id, long version, String tag, Securable securable) {
    return new TagAssignment(id, version, tag, securable, OptionalInt.empty());
  }

  public static TagAssignment onColumn(long id, long version, String tag, Securable table, int fieldId) {
    return new TagAssignment(id, version, tag, table, OptionalInt.of(fieldId));
  }
}
