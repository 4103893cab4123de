package dev.floe.policy.governance.sql;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.governance.SchemaColumn;
import dev.floe.policy.governance.TableSchema;
import dev.floe.policy.governance.sql.IcebergFilter.And;
import dev.floe.policy.governance.sql.IcebergFilter.Comparison;
import dev.floe.policy.governance.sql.IcebergFilter.Constant;
import dev.floe.policy.governance.sql.IcebergFilter.In;
import dev.floe.policy.governance.sql.IcebergFilter.IsNull;
import dev.floe.policy.governance.sql.IcebergFilter.Operator;
import dev.floe.policy.governance.sql.IcebergFilter.Or;
import io.trino.sql.parser.ParsingException;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.ArithmeticUnaryExpression;
import io.trino.sql.tree.BetweenPredicate;
import io.trino.sql.tree.BooleanLiteral;
import io.trino.sql.tree.ComparisonExpression;
import io.trino.sql.tree.CurrentUser;
import io.trino.sql.tree.DecimalLiteral;
import io.trino.sql.tree.DoubleLiteral;
import io.trino.sql.tree.Expression;
import io.trino.sql.tree.GenericLiteral;
import io.trino.sql.tree.Identifier;
import io.trino.sql.tree.InListExpression;
import io.trino.sql.tree.InPredicate;
import io.trino.sql.tree.IsNotNullPredicate;
import io.trino.sql.tree.IsNullPredicate;
import io.trino.sql.tree.LogicalExpression;
import io.trino.sql.tree.LongLiteral;
import io.trino.sql.tree.NotExpression;
import io.trino.sql.tree.NullLiteral;
import io.trino.sql.tree.StringLiteral;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a row filter written in Trino SQL (as the evaluator renders it, over the current column
 * names) into an {@link IcebergFilter}, for engines that receive filters as Iceberg expressions
 * (the read restrictions of the Iceberg REST loadTable answer).
 *
 * <p>Translated: comparisons ({@code = <> != < <= > >=}) of a top-level column with a literal
 * (either side), {@code BETWEEN}, {@code [NOT] IN} over literals, {@code IS [NOT] NULL}, a
 * boolean column on its own, {@code AND}, {@code OR}, {@code NOT}, {@code TRUE}/{@code FALSE},
 * and {@code current_user}, which becomes the caller's name (the translation is for one caller).
 * Literals: integers, decimals, doubles, strings, booleans and typed literals such as {@code DATE
 * '2024-01-31'} (as their text). Anything else (functions, arithmetic, casts, column-to-column
 * comparisons, {@code LIKE}, {@code IS DISTINCT FROM}, nested fields) is refused with {@link
 * UntranslatableFilterException}: the caller must then treat the table as unreadable, never as
 * unfiltered.
 *
 * <p>SQL filters keep a row only when the predicate is TRUE, not when it is NULL; Iceberg
 * expressions are two-valued. So the translation computes, for every sub-expression, exactly the
 * rows where it is TRUE and exactly those where it is FALSE, pushes {@code NOT} down, and guards
 * every comparison with {@code column IS NOT NULL}: {@code NOT (region = 'EU')} becomes {@code
 * region IS NOT NULL AND region <> 'EU'}, as in Trino.
 */
public final class IcebergFilterTranslator {
  private static final SqlParser PARSER = new SqlParser();
  private static final Set<String> TYPED_LITERALS =
      Set.of("date", "timestamp", "time", "decimal", "uuid", "bigint", "integer", "varchar");

  private IcebergFilterTranslator() {}

  /** Why a filter cannot be expressed as an Iceberg expression. */
  public static final class UntranslatableFilterException extends RuntimeException {
    public UntranslatableFilterException(String message) {
      super(message);
    }
  }

  /**
   * Translates {@code sql}.
   *
   * @param sql the filter, Trino SQL over the current column names
   * @param schema the table's current schema (columns are matched ignoring case)
   * @param currentUser what {@code current_user} stands for
   * @throws UntranslatableFilterException naming what cannot be translated
   */
  public static IcebergFilter translate(String sql, TableSchema schema, String currentUser) {
    requireNonNull(sql, "sql is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(currentUser, "currentUser is null");
    Expression tree;
    try {
      tree = PARSER.createExpression(sql);
    } catch (ParsingException exception) {
      throw new UntranslatableFilterException("the filter does not parse: " + exception.getErrorMessage());
    }
    return new IcebergFilterTranslator.Walker(schema, currentUser).whenTrue(tree);
  }

  private record Walker(TableSchema schema, String currentUser) {
    /** The rows where {@code expression} is TRUE. */
    IcebergFilter whenTrue(Expression expression) {
      return translate(expression, false);
    }

    /** The rows where {@code expression} is TRUE ({@code negated} false) or FALSE (true). */
    private IcebergFilter translate(Expression expression, boolean negated) {
      return switch (expression) {
        case BooleanLiteral literal -> new Constant(literal.getValue() != negated);
        // NULL is neither TRUE nor FALSE
        case NullLiteral literal -> new Constant(false);
        case NotExpression not -> translate(not.getValue(), !negated);
        case LogicalExpression logical -> logical(logical, negated);
        case ComparisonExpression comparison -> comparison(comparison, negated);
        case BetweenPredicate between -> between(between, negated);
        case InPredicate in -> in(in, negated);
        case IsNullPredicate isNull -> new IsNull(column(isNull.getValue()), negated);
        case IsNotNullPredicate isNotNull -> new IsNull(column(isNotNull.getValue()), !negated);
        case Identifier identifier -> booleanColumn(identifier, negated);
        default -> throw unsupported(expression);
      };
    }

    private IcebergFilter logical(LogicalExpression logical, boolean negated) {
      // De Morgan: NOT (a AND b) is (NOT a) OR (NOT b)
      boolean conjunction = (logical.getOperator() == LogicalExpression.Operator.AND) != negated;
      IcebergFilter result = null;
      for (Expression term : logical.getTerms()) {
        IcebergFilter translated = translate(term, negated);
        result = result == null ? translated : conjunction ? and(result, translated) : or(result, translated);
      }
      if (result == null) {
        throw unsupported(logical);
      }
      return result;
    }

    private IcebergFilter comparison(ComparisonExpression comparison, boolean negated) {
      Operator operator =
          switch (comparison.getOperator()) {
            case EQUAL -> Operator.EQ;
            case NOT_EQUAL -> Operator.NOT_EQ;
            case LESS_THAN -> Operator.LT;
            case LESS_THAN_OR_EQUAL -> Operator.LT_EQ;
            case GREATER_THAN -> Operator.GT;
            case GREATER_THAN_OR_EQUAL -> Operator.GT_EQ;
            case IS_DISTINCT_FROM -> throw unsupported(comparison);
          };
      Expression left = comparison.getLeft();
      Expression right = comparison.getRight();
      if (!(left instanceof Identifier) && right instanceof Identifier) {
        Expression swap = left;
        left = right;
        right = swap;
        operator = operator.flipped();
      }
      String column = column(left);
      if (right instanceof NullLiteral) {
        return new Constant(false); // x = NULL is NULL: neither TRUE nor FALSE
      }
      Object literal = literal(right);
      return guarded(column, new Comparison(column, negated ? operator.negated() : operator, literal));
    }

    private IcebergFilter between(BetweenPredicate between, boolean negated) {
      String column = column(between.getValue());
      Object min = literal(between.getMin());
      Object max = literal(between.getMax());
      if (negated) {
        return guarded(column, or(new Comparison(column, Operator.LT, min), new Comparison(column, Operator.GT, max)));
      }
      return guarded(column, and(new Comparison(column, Operator.GT_EQ, min), new Comparison(column, Operator.LT_EQ, max)));
    }

    private IcebergFilter in(InPredicate in, boolean negated) {
      String column = column(in.getValue());
      if (!(in.getValueList() instanceof InListExpression list)) {
        throw unsupported(in.getValueList());
      }
      List<Object> literals = new ArrayList<>();
      for (Expression value : list.getValues()) {
        if (value instanceof NullLiteral) {
          // x IN (1, NULL) is TRUE or NULL, never FALSE; x NOT IN (1, NULL) is never TRUE
          throw new UntranslatableFilterException("NULL in an IN list is not translated");
        }
        literals.add(literal(value));
      }
      return guarded(column, new In(column, literals, negated));
    }

    private IcebergFilter booleanColumn(Identifier identifier, boolean negated) {
      SchemaColumn column = resolve(identifier);
      if (!column.type().equalsIgnoreCase("boolean")) {
        throw new UntranslatableFilterException("column " + column.name() + " is not boolean");
      }
      return guarded(column.name(), new Comparison(column.name(), Operator.EQ, !negated));
    }

    /** The predicate, holding only for rows where the column is not NULL. */
    private static IcebergFilter guarded(String column, IcebergFilter predicate) {
      return and(new IsNull(column, true), predicate);
    }

    private String column(Expression expression) {
      if (!(expression instanceof Identifier identifier)) {
        throw new UntranslatableFilterException(
            "only a top-level column can be compared, not " + describe(expression));
      }
      return resolve(identifier).name();
    }

    private SchemaColumn resolve(Identifier identifier) {
      List<SchemaColumn> matches = schema.byNameIgnoringCase(identifier.getValue());
      if (matches.size() != 1) {
        throw new UntranslatableFilterException(
            "column " + identifier.getValue() + (matches.isEmpty() ? " is not in the table's current schema" : " is ambiguous"));
      }
      return matches.get(0);
    }

    private Object literal(Expression expression) {
      return switch (expression) {
        case LongLiteral literal -> literal.getParsedValue();
        case DecimalLiteral literal -> new BigDecimal(literal.getValue());
        case DoubleLiteral literal -> literal.getValue();
        case StringLiteral literal -> literal.getValue();
        case BooleanLiteral literal -> literal.getValue();
        case CurrentUser user -> currentUser;
        case GenericLiteral literal when TYPED_LITERALS.contains(literal.getType().toLowerCase(Locale.ROOT)) ->
            literal.getValue();
        case ArithmeticUnaryExpression unary when unary.getSign() == ArithmeticUnaryExpression.Sign.MINUS -> negative(literal(unary.getValue()), unary);
        case ArithmeticUnaryExpression unary when unary.getSign() == ArithmeticUnaryExpression.Sign.PLUS -> literal(unary.getValue());
        default -> throw new UntranslatableFilterException("only literals can be compared with a column, not " + describe(expression));
      };
    }

    private static Object negative(Object value, Expression expression) {
      return switch (value) {
        case Long number -> -number;
        case BigDecimal number -> number.negate();
        case Double number -> -number;
        default -> throw unsupported(expression);
      };
    }

    private static IcebergFilter and(IcebergFilter left, IcebergFilter right) {
      if (left instanceof Constant constant) {
        return constant.value() ? right : constant;
      }
      if (right instanceof Constant constant) {
        return constant.value() ? left : constant;
      }
      return new And(left, right);
    }

    private static IcebergFilter or(IcebergFilter left, IcebergFilter right) {
      if (left instanceof Constant constant) {
        return constant.value() ? constant : right;
      }
      if (right instanceof Constant constant) {
        return constant.value() ? constant : left;
      }
      return new Or(left, right);
    }

    private static UntranslatableFilterException unsupported(Expression expression) {
      return new UntranslatableFilterException(describe(expression) + " has no Iceberg expression");
    }

    private static String describe(Expression expression) {
      return expression.getClass().getSimpleName() + " '" + expression + "'";
    }
  }
}
