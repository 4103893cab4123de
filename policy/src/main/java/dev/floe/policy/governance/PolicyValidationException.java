package dev.floe.policy.governance;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;

/**
 * A tag, assignment or policy that cannot be saved, naming the problem and, for an expression, the
 * position of the error (line and column, both from 1, as Trino's parser reports them). The server
 * answers it with a 400.
 */
public class PolicyValidationException extends RuntimeException {
  /** What is wrong. */
  public enum Problem {
    /** The expression is not valid Trino SQL. */
    SYNTAX_ERROR,
    /** The expression uses a construct policies do not allow (a subquery, a parameter, …). */
    UNSUPPORTED_EXPRESSION,
    /** The expression names a column the table's current schema does not have. */
    UNKNOWN_COLUMN,
    /** The expression names a column two columns of the schema match (they differ only in case). */
    AMBIGUOUS_COLUMN,
    /** A row filter that is not a boolean expression. */
    NOT_BOOLEAN,
    /** A mask that cannot be rendered for the column's type. */
    MASK_TYPE_MISMATCH,
    /** A mask parameter out of range or not a value of the column's type. */
    INVALID_MASK_PARAMETER,
    /** A tag name that breaks the tag syntax. */
    INVALID_TAG_NAME,
    /** A tag that is not defined (or a child tag whose parent is not). */
    UNKNOWN_TAG,
    /** An audience kind or effect Floe does not know. */
    UNKNOWN_AUDIENCE_KIND,
    /** An audience that cannot select anybody, or a malformed audience rule. */
    INVALID_AUDIENCE,
    /** A policy or assignment whose target is not of a kind it can be on. */
    INVALID_TARGET
  }

  private final Problem problem;
  private final int line;
  private final int column;

  public PolicyValidationException(Problem problem, String message) {
    this(problem, message, 0, 0);
  }

  /**
   * @param line the line of the error in the expression, from 1; 0 when no position applies
   * @param column the column of the error, from 1; 0 when no position applies
   */
  public PolicyValidationException(Problem problem, String message, int line, int column) {
    super(format(requireNonNull(message, "message is null"), line, column));
    this.problem = requireNonNull(problem, "problem is null");
    this.line = line;
    this.column = column;
  }

  private static String format(String message, int line, int column) {
    return line > 0 ? "line %d:%d: %s".formatted(line, column, message) : message;
  }

  public Problem problem() {
    return problem;
  }

  /** The line of the error in the expression (from 1), when the problem has a position. */
  public OptionalInt line() {
    return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
  }

  /** The column of the error in the expression (from 1), when the problem has a position. */
  public OptionalInt column() {
    return line > 0 ? OptionalInt.of(column) : OptionalInt.empty();
  }
}
