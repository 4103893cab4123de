package dev.floe.policy.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.governance.PolicyValidationException.Problem;
import dev.floe.policy.governance.sql.ExpressionCompiler;
import dev.floe.policy.governance.sql.MaskRenderer;
import dev.floe.policy.governance.sql.PolicyExpression;
import java.util.Set;

/**
 * The checks made when a tag, an assignment or a policy is saved; a failure is a {@link
 * PolicyValidationException} naming the problem (and, for expressions, its line and column). The
 * evaluator does not repeat them: it renders what was saved, against the current schema, and fails
 * closed where that is no longer possible.
 */
public final class GovernanceValidator {
  private GovernanceValidator() {}

  /**
   * Checks a new or changed tag definition: its name's syntax (checked by the record) and that its
   * parent is defined.
   *
   * @param definedTags the names of the tags already defined
   */
  public static void checkTag(TagDefinition tag, Set<String> definedTags) {
    requireNonNull(tag, "tag is null");
    String parent = tag.parentName();
    if (parent != null && !definedTags.contains(parent)) {
      throw new PolicyValidationException(
          Problem.UNKNOWN_TAG,
          "Tag '%s' needs its parent tag '%s' to be defined first".formatted(tag.name(), parent));
    }
  }

  /**
   * Checks a tag assignment: the tag is defined and, for a column, the column is in the table's
   * current schema.
   *
   * @param schema the current schema of the table or view (used for a column assignment only)
   */
  public static void checkAssignment(TagAssignment assignment, Set<String> definedTags, TableSchema schema) {
    requireNonNull(assignment, "assignment is null");
    checkTagDefined(assignment.tag(), definedTags);
    if (assignment.fieldId().isPresent()) {
      int fieldId = assignment.fieldId().getAsInt();
      requireNonNull(schema, "schema is null");
      if (schema.byFieldId(fieldId).isEmpty()) {
        throw new PolicyValidationException(
            Problem.UNKNOWN_COLUMN,
            "Field id %d is not in the current schema of %s".formatted(fieldId, assignment.securable()));
      }
    }
  }

  /** Validates a row filter against the table's current schema (see {@link ExpressionCompiler}). */
  public static PolicyExpression compileRowFilter(String sql, TableSchema schema) {
    return ExpressionCompiler.compileFilter(sql, schema);
  }

  /** Validates a custom mask expression against the table's current schema. */
  public static Mask.Custom compileCustomMask(String sql, TableSchema schema) {
    return new Mask.Custom(ExpressionCompiler.compile(sql, schema));
  }

  /**
   * Checks a column mask policy: on a column, that the column exists, that the mask serves its
   * type (and its parameter is a value of the type), and that a custom expression's columns exist;
   * on a tag, that the tag is defined (the mask is checked against each column's type when it is
   * rendered; a column it cannot serve is hidden, fail closed).
   *
   * @param schema the current schema of the column's table (used for a column target only)
   */
  public static void checkMask(ColumnMaskPolicy policy, Set<String> definedTags, TableSchema schema) {
    requireNonNull(policy, "policy is null");
    switch (policy.target()) {
      case MaskTarget.Tag tag -> checkTagDefined(tag.tag(), definedTags);
      case MaskTarget.Column column -> {
        requireNonNull(schema, "schema is null");
        SchemaColumn target =
            schema
                .byFieldId(column.fieldId())
                .orElseThrow(
                    () ->
                        new PolicyValidationException(
                            Problem.UNKNOWN_COLUMN,
                            "Field id %d is not in the current schema of %s"
                                .formatted(column.fieldId(), column.table())));
        IcebergType type =
            target
                .primitiveType()
                .orElseThrow(
                    () ->
                        new PolicyValidationException(
                            Problem.MASK_TYPE_MISMATCH,
                            "Column '%s' has type %s; masks serve primitive types only"
                                .formatted(target.name(), target.type())));
        MaskRenderer.checkApplicable(policy.mask(), type);
        if (policy.mask() instanceof Mask.Custom custom) {
          for (int fieldId : custom.expression().referencedFieldIds()) {
            if (schema.byFieldId(fieldId).isEmpty()) {
              throw new PolicyValidationException(
                  Problem.UNKNOWN_COLUMN,
                  "The custom mask references field id %d, which is not in the current schema"
                      .formatted(fieldId));
            }
          }
        }
      }
    }
  }

  private static void checkTagDefined(String tag, Set<String> definedTags) {
    TagNames.check(tag);
    if (!definedTags.contains(tag)) {
      throw new PolicyValidationException(Problem.UNKNOWN_TAG, "Tag '%s' is not defined".formatted(tag));
    }
  }
}
