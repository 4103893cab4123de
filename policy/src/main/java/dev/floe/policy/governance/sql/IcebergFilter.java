package dev.floe.policy.governance.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A row filter in the shape of an Iceberg expression: comparisons of a top-level column with
 * literals, {@code IN}, {@code IS NULL}, {@code AND}/{@code OR} and constants. What
 * {@link IcebergFilterTranslator} makes of a Trino SQL filter; the server turns it into {@code
 * org.apache.iceberg.expressions.Expression} (this library does not depend on Iceberg).
 *
 * <p>There is no {@code NOT}: SQL's three-valued logic and Iceberg's two-valued evaluation disagree
 * on it for {@code NULL}s, so the translator pushes negations down to the comparisons and states
 * every {@code NULL} case explicitly (a comparison holds only for a non-null column).
 *
 * <p>Literals are {@link Long}, {@link java.math.BigDecimal}, {@link Double}, {@link Boolean} or
 * {@link String}; a typed literal such as {@code DATE '2024-01-31'} becomes its text, which
 * Iceberg converts when it binds the expression to the column's type.
 */
public sealed interface IcebergFilter {
  /** A comparison operator. */
  enum Operator {
    EQ,
    NOT_EQ,
    LT,
    LT_EQ,
    GT,
    GT_EQ;

    /** The operator with its operands swapped: {@code 5 < x} is {@code x > 5}. */
    Operator flipped() {
      return switch (this) {
        case EQ -> EQ;
        case NOT_EQ -> NOT_EQ;
        case LT -> GT;
        case LT_EQ -> GT_EQ;
        case GT -> LT;
        case GT_EQ -> LT_EQ;
      };
    }

    /** The operator that holds exactly when this one does not (for non-null operands). */
    Operator negated() {
      return switch (this) {
        case EQ -> NOT_EQ;
        case NOT_EQ -> EQ;
        case LT -> GT_EQ;
        case LT_EQ -> GT;
        case GT -> LT_EQ;
        case GT_EQ -> LT;
      };
    }
  }

  /** {@code true} or {@code false}. */
  record Constant(boolean value) implements IcebergFilter {}

  /** {@code column <operator> literal}. */
  record Comparison(String column, Operator operator, Object literal) implements IcebergFilter {
    public Comparison {
      requireNonNull(column, "column is null");
      requireNonNull(operator, "operator is null");
      requireNonNull(literal, "literal is null");
    }
  }

  /** {@code column [NOT] IN (literals)}. */
  record In(String column, List<Object> literals, boolean negated) implements IcebergFilter {
    public In {
      requireNonNull(column, "column is null");
      literals = List.copyOf(literals);
    }
  }

  /** {@code column IS [NOT] NULL}. */
  record IsNull(String column, boolean negated) implements IcebergFilter {
    public IsNull {
      requireNonNull(column, "column is null");
    }
  }

  /** {@code left AND right}. */
  record And(IcebergFilter left, IcebergFilter right) implements IcebergFilter {
    public And {
      requireNonNull(left, "left is null");
      requireNonNull(right, "right is null");
    }
  }

  /** {@code left OR right}. */
  record Or(IcebergFilter left, IcebergFilter right) implements IcebergFilter {
    public Or {
      requireNonNull(left, "left is null");
      requireNonNull(right, "right is null");
    }
  }
}
