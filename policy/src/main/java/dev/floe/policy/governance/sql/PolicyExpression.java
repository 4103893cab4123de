package dev.floe.policy.governance.sql;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.governance.SchemaColumn;
import dev.floe.policy.governance.TableSchema;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A validated Trino SQL expression whose column references are held by Iceberg field id, so that
 * renaming a column does not break it.
 *
 * <p>The expression is a sequence of segments: SQL text exactly as the author wrote it, and column
 * references. {@link #render} puts the current (quoted) column names in place of the references;
 * nothing else of the text changes, so names inside string literals are never touched. Built only
 * by {@link ExpressionCompiler}, from an author's SQL and the table's schema, or from {@link
 * #storedForm()}.
 *
 * @param segments the text and the references, in order
 */
public record PolicyExpression(List<Segment> segments) {
  /** A piece of the expression. */
  public sealed interface Segment permits Text, Reference {}

  /** SQL text, verbatim. */
  public record Text(String sql) implements Segment {
    public Text {
      requireNonNull(sql, "sql is null");
    }
  }

  /** A reference to a top-level column by field id. */
  public record Reference(int fieldId) implements Segment {}

  public PolicyExpression {
    requireNonNull(segments, "segments is null");
    segments = List.copyOf(segments);
  }

  /** The field ids the expression references, in order of first use. */
  public Set<Integer> referencedFieldIds() {
    Set<Integer> fieldIds = new LinkedHashSet<>();
    for (Segment segment : segments) {
      if (segment instanceof Reference reference) {
        fieldIds.add(reference.fieldId());
      }
    }
    return fieldIds;
  }

  /**
   * The expression with every reference replaced by the current name of its column, quoted.
   *
   * @throws UnresolvedColumnException when a referenced field id is not in the schema (the column
   *     was dropped)
   */
  public String render(TableSchema schema) {
    StringBuilder sql = new StringBuilder();
    for (Segment segment : segments) {
      switch (segment) {
        case Text text -> sql.append(text.sql());
        case Reference reference -> {
          Optional<SchemaColumn> column = schema.byFieldId(reference.fieldId());
          if (column.isEmpty()) {
            throw new UnresolvedColumnException(reference.fieldId());
          }
          sql.append(SqlText.quoteIdentifier(column.get().name()));
        }
      }
    }
    return sql.toString();
  }

  /**
   * The form to persist: valid Trino SQL in which every column reference is the delimited
   * identifier {@code "$field:<id>"}. {@link ExpressionCompiler#fromStoredForm} reads it back
   * through the parser (so a literal containing the same characters is never mistaken for a
   * reference).
   */
  public String storedForm() {
    StringBuilder sql = new StringBuilder();
    for (Segment segment : segments) {
      switch (segment) {
        case Text text -> sql.append(text.sql());
        case Reference reference ->
            sql.append('"').append(ExpressionCompiler.PLACEHOLDER_PREFIX).append(reference.fieldId()).append('"');
      }
    }
    return sql.toString();
  }

  /** A reference to a field id the table's current schema does not have. */
  public static final class UnresolvedColumnException extends RuntimeException {
    private final int fieldId;

    public UnresolvedColumnException(int fieldId) {
      super("references field id " + fieldId + ", which is not in the table's current schema");
      this.fieldId = fieldId;
    }

    public int fieldId() {
      return fieldId;
    }
  }
}
