package dev.floe.catalog.governance;

import dev.floe.policy.governance.sql.IcebergFilter;
import dev.floe.policy.governance.sql.IcebergFilter.And;
import dev.floe.policy.governance.sql.IcebergFilter.Comparison;
import dev.floe.policy.governance.sql.IcebergFilter.Constant;
import dev.floe.policy.governance.sql.IcebergFilter.In;
import dev.floe.policy.governance.sql.IcebergFilter.IsNull;
import dev.floe.policy.governance.sql.IcebergFilter.Or;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/** {@link IcebergFilter}s as Iceberg's own {@link Expression}s. */
final class IcebergExpressions {
  private IcebergExpressions() {}

  static Expression toExpression(IcebergFilter filter) {
    return switch (filter) {
      case Constant constant -> constant.value() ? Expressions.alwaysTrue() : Expressions.alwaysFalse();
      case IsNull isNull -> isNull.negated() ? Expressions.notNull(isNull.column()) : Expressions.isNull(isNull.column());
      case In in -> in.negated() ? Expressions.notIn(in.column(), in.literals()) : Expressions.in(in.column(), in.literals());
      case And and -> Expressions.and(toExpression(and.left()), toExpression(and.right()));
      case Or or -> Expressions.or(toExpression(or.left()), toExpression(or.right()));
      case Comparison comparison -> comparison(comparison);
    };
  }

  private static Expression comparison(Comparison comparison) {
    String column = comparison.column();
    Object literal = comparison.literal();
    return switch (comparison.operator()) {
      case EQ -> Expressions.equal(column, literal);
      case NOT_EQ -> Expressions.notEqual(column, literal);
      case LT -> Expressions.lessThan(column, literal);
      case LT_EQ -> Expressions.lessThanOrEqual(column, literal);
      case GT -> Expressions.greaterThan(column, literal);
      case GT_EQ -> Expressions.greaterThanOrEqual(column, literal);
    };
  }
}
