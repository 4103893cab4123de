package dev.floe.policy.governance.sql;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.governance.PolicyValidationException;
import dev.floe.policy.governance.PolicyValidationException.Problem;
import dev.floe.policy.governance.SchemaColumn;
import dev.floe.policy.governance.TableSchema;
import io.trino.sql.parser.ParsingException;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.ArithmeticBinaryExpression;
import io.trino.sql.tree.ArithmeticUnaryExpression;
import io.trino.sql.tree.Array;
import io.trino.sql.tree.AtTimeZone;
import io.trino.sql.tree.BetweenPredicate;
import io.trino.sql.tree.BooleanLiteral;
import io.trino.sql.tree.Cast;
import io.trino.sql.tree.CoalesceExpression;
import io.trino.sql.tree.ComparisonExpression;
import io.trino.sql.tree.CurrentCatalog;
import io.trino.sql.tree.CurrentDate;
import io.trino.sql.tree.CurrentPath;
import io.trino.sql.tree.CurrentSchema;
import io.trino.sql.tree.CurrentTime;
import io.trino.sql.tree.CurrentTimestamp;
import io.trino.sql.tree.CurrentUser;
import io.trino.sql.tree.DataType;
import io.trino.sql.tree.DataTypeParameter;
import io.trino.sql.tree.DereferenceExpression;
import io.trino.sql.tree.Expression;
import io.trino.sql.tree.Extract;
import io.trino.sql.tree.FunctionCall;
import io.trino.sql.tree.GenericDataType;
import io.trino.sql.tree.Identifier;
import io.trino.sql.tree.IfExpression;
import io.trino.sql.tree.InListExpression;
import io.trino.sql.tree.InPredicate;
import io.trino.sql.tree.IsNotNullPredicate;
import io.trino.sql.tree.IsNullPredicate;
import io.trino.sql.tree.LambdaArgumentDeclaration;
import io.trino.sql.tree.LambdaExpression;
import io.trino.sql.tree.LikePredicate;
import io.trino.sql.tree.Literal;
import io.trino.sql.tree.LocalTime;
import io.trino.sql.tree.LocalTimestamp;
import io.trino.sql.tree.LogicalExpression;
import io.trino.sql.tree.Node;
import io.trino.sql.tree.NodeLocation;
import io.trino.sql.tree.NotExpression;
import io.trino.sql.tree.NullIfExpression;
import io.trino.sql.tree.NullLiteral;
import io.trino.sql.tree.Row;
import io.trino.sql.tree.RowDataType;
import io.trino.sql.tree.SearchedCaseExpression;
import io.trino.sql.tree.SimpleCaseExpression;
import io.trino.sql.tree.SubscriptExpression;
import io.trino.sql.tree.Trim;
import io.trino.sql.tree.TryExpression;
import io.trino.sql.tree.WhenClause;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates policy expressions with Trino's own SQL parser and turns them into {@link
 * PolicyExpression}s whose column references are field ids.
 *
 * <p>What is checked when a policy is saved:
 *
 * <ul>
 *   <li>syntax, by {@code io.trino.sql.parser.SqlParser#createExpression} (Trino 476): an error is
 *       {@link Problem#SYNTAX_ERROR} at the parser's line and column;
 *   <li>only scalar constructs: literals, column references, operators and predicates, {@code
 *       CAST}, {@code CASE}/{@code IF}/{@code COALESCE}/{@code NULLIF}/{@code TRY}, function calls
 *       (without windows or {@code ORDER BY}), lambdas, {@code ROW}/{@code ARRAY}/subscripts,
 *       {@code current_user} and the other current values. Subqueries, {@code EXISTS}, parameters
 *       and window functions are refused ({@link Problem#UNSUPPORTED_EXPRESSION}), since their
 *       names could not be checked against the table;
 *   <li>every column reference names a column of the table's current schema, matched without case
 *       as Trino matches names ({@link Problem#UNKNOWN_COLUMN}, {@link Problem#AMBIGUOUS_COLUMN}).
 *       A column reference is an identifier in expression position that is not a lambda
 *       parameter; for {@code a.b} only {@code a} is a column ({@code b} is a field of it);
 *       qualify nothing with the table name.
 * </ul>
 *
 * Types of function results are Trino's business and are not checked here; that is why every
 * mask is rendered inside a {@code CAST} to the column's type (see {@code MaskRenderer}).
 *
 * <p>Thread-safe: the parser builds a new ANTLR lexer and parser per call.
 */
public final class ExpressionCompiler {
  /** How a reference is spelled in {@link PolicyExpression#storedForm()}: {@code "$field:12"}. */
  static final String PLACEHOLDER_PREFIX = "$field:";

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$field:(\\d{1,10})");
  private static final SqlParser PARSER = new SqlParser();

  /** The node types a policy expression may contain (a node of any other type is refused). */
  private static final List<Class<? extends Node>> ALLOWED =
      List.of(
          Literal.class,
          Identifier.class,
          DereferenceExpression.class,
          ArithmeticBinaryExpression.class,
          ArithmeticUnaryExpression.class,
          ComparisonExpression.class,
          LogicalExpression.class,
          NotExpression.class,
          BetweenPredicate.class,
          InPredicate.class,
          InListExpression.class,
          IsNullPredicate.class,
          IsNotNullPredicate.class,
          LikePredicate.class,
          Cast.class,
          Extract.class,
          FunctionCall.class,
          LambdaExpression.class,
          LambdaArgumentDeclaration.class,
          IfExpression.class,
          CoalesceExpression.class,
          NullIfExpression.class,
          SearchedCaseExpression.class,
          SimpleCaseExpression.class,
          WhenClause.class,
          SubscriptExpression.class,
          Row.class,
          Array.class,
          AtTimeZone.class,
          CurrentDate.class,
          CurrentTime.class,
          CurrentTimestamp.class,
          LocalTime.class,
          LocalTimestamp.class,
          CurrentUser.class,
          CurrentCatalog.class,
          CurrentSchema.class,
          CurrentPath.class,
          TryExpression.class,
          Trim.class,
          DataType.class,
          RowDataType.Field.class,
          DataTypeParameter.class);

  private ExpressionCompiler() {}

  /**
   * Validates {@code sql} against a table's current schema and compiles it.
   *
   * @throws PolicyValidationException naming the problem and its position
   */
  public static PolicyExpression compile(String sql, TableSchema schema) {
    return compile(sql, schema, false).expression();
  }

  /**
   * Validates a row filter: as {@link #compile}, and the expression must be able to be boolean
   * (a literal, arithmetic, or a reference to a non-boolean column at the top is refused with
   * {@link Problem#NOT_BOOLEAN}; Trino checks the rest when it analyzes the filter).
   */
  public static PolicyExpression compileFilter(String sql, TableSchema schema) {
    return compile(sql, schema, true).expression();
  }

  /**
   * Reads back a {@link PolicyExpression#storedForm()}.
   *
   * @throws IllegalArgumentException when the text is not a stored form (it does not parse, or a
   *     column reference is not a placeholder)
   */
  public static PolicyExpression fromStoredForm(String storedForm) {
    requireNonNull(storedForm, "storedForm is null");
    Expression expression;
    try {
      expression = PARSER.createExpression(storedForm);
    } catch (ParsingException exception) {
      throw new IllegalArgumentException("Not a stored policy expression: " + exception.getMessage());
    }
    List<ColumnReference> references = new ArrayList<>();
    for (Identifier identifier : columnReferences(expression)) {
      Matcher matcher = PLACEHOLDER.matcher(identifier.getValue());
      if (!identifier.isDelimited() || !matcher.matches()) {
        throw new IllegalArgumentException(
            "Not a stored policy expression: column reference "
                + identifier.getValue()
                + " is not a field placeholder");
      }
      references.add(new ColumnReference(identifier, Integer.parseInt(matcher.group(1))));
    }
    return segment(storedForm, references);
  }

  private record Compiled(PolicyExpression expression, Expression tree) {}

  private record ColumnReference(Identifier identifier, int fieldId) {}

  private static Compiled compile(String sql, TableSchema schema, boolean filter) {
    requireNonNull(sql, "sql is null");
    requireNonNull(schema, "schema is null");
    if (sql.isBlank()) {
      throw new PolicyValidationException(Problem.SYNTAX_ERROR, "The expression is empty");
    }
    Expression tree;
    try {
      tree = PARSER.createExpression(sql);
    } catch (ParsingException exception) {
      throw new PolicyValidationException(
          Problem.SYNTAX_ERROR,
          exception.getErrorMessage(),
          exception.getLineNumber(),
          exception.getColumnNumber());
    }
    List<ColumnReference> references = new ArrayList<>();
    for (Identifier identifier : columnReferences(tree)) {
      List<SchemaColumn> matches = schema.byNameIgnoringCase(identifier.getValue());
      NodeLocation location = location(identifier);
      if (matches.isEmpty()) {
        throw new PolicyValidationException(
            Problem.UNKNOWN_COLUMN,
            "Column '%s' is not in the table's current schema".formatted(identifier.getValue()),
            location.getLineNumber(),
            location.getColumnNumber());
      }
      if (matches.size() > 1) {
        throw new PolicyValidationException(
            Problem.AMBIGUOUS_COLUMN,
            "Column '%s' matches several columns that differ only in case"
                .formatted(identifier.getValue()),
            location.getLineNumber(),
            location.getColumnNumber());
      }
      references.add(new ColumnReference(identifier, matches.get(0).fieldId()));
    }
    if (filter) {
      checkMaybeBoolean(tree, schema);
    }
    return new Compiled(segment(sql, references), tree);
  }

  private static void checkMaybeBoolean(Expression tree, TableSchema schema) {
    boolean notBoolean =
        switch (tree) {
          case BooleanLiteral literal -> false;
          case NullLiteral literal -> false;
          case Literal literal -> true;
          case ArithmeticBinaryExpression arithmetic -> true;
          case ArithmeticUnaryExpression arithmetic -> true;
          case Row row -> true;
          case Array array -> true;
          case Identifier identifier ->
              schema.byNameIgnoringCase(identifier.getValue()).stream()
                  .noneMatch(column -> column.type().equalsIgnoreCase("boolean"));
          default -> false;
        };
    if (notBoolean) {
      NodeLocation location = location(tree);
      throw new PolicyValidationException(
          Problem.NOT_BOOLEAN,
          "A row filter must be a boolean expression",
          location.getLineNumber(),
          location.getColumnNumber());
    }
  }

  /** The identifiers of {@code tree} that name columns, in tree order; refuses unknown nodes. */
  private static List<Identifier> columnReferences(Expression tree) {
    List<Identifier> references = new ArrayList<>();
    collect(tree, null, Set.of(), references);
    return references;
  }

  private static void collect(Node node, Node parent, Set<String> lambdaParameters, List<Identifier> references) {
    if (ALLOWED.stream().noneMatch(type -> type.isInstance(node))) {
      NodeLocation location = location(node);
      throw new PolicyValidationException(
          Problem.UNSUPPORTED_EXPRESSION,
          "%s is not allowed in a policy expression".formatted(describe(node)),
          location.getLineNumber(),
          location.getColumnNumber());
    }
    if (node instanceof Identifier identifier) {
      boolean columnReference =
          switch (parent) {
            case DereferenceExpression dereference ->
                dereference.getField().map(field -> field != identifier).orElse(true);
            case LambdaArgumentDeclaration declaration -> false;
            case GenericDataType type -> false;
            case RowDataType.Field field -> false;
            case null, default -> true;
          };
      if (columnReference && !lambdaParameters.contains(canonical(identifier))) {
        references.add(identifier);
      }
      return;
    }
    Set<String> scope = lambdaParameters;
    if (node instanceof LambdaExpression lambda) {
      scope = new HashSet<>(lambdaParameters);
      for (LambdaArgumentDeclaration argument : lambda.getArguments()) {
        scope.add(canonical(argument.getName()));
      }
    }
    for (Node child : node.getChildren()) {
      collect(child, node, scope, references);
    }
  }

  private static String canonical(Identifier identifier) {
    return identifier.getValue().toLowerCase(Locale.ROOT);
  }

  private static String describe(Node node) {
    return switch (node.getClass().getSimpleName()) {
      case "SubqueryExpression" -> "A subquery";
      case "ExistsPredicate" -> "EXISTS";
      case "Parameter" -> "A parameter";
      case "QuantifiedComparisonExpression" -> "A quantified comparison (ANY, SOME, ALL)";
      case "WindowSpecification", "WindowReference", "Window" -> "A window (OVER)";
      case "OrderBy", "SortItem" -> "ORDER BY";
      default -> node.getClass().getSimpleName();
    };
  }

  private static NodeLocation location(Node node) {
    return node.getLocation().orElse(new NodeLocation(1, 1));
  }

  /**
   * Cuts the source text into text and reference segments at the references' positions. Positions
   * from the parser are (line, column) in code points, both from 1.
   */
  private static PolicyExpression segment(String sql, List<ColumnReference> references) {
    int[] codePoints = sql.codePoints().toArray();
    List<Integer> lineStarts = new ArrayList<>();
    lineStarts.add(0);
    for (int index = 0; index < codePoints.length; index++) {
      if (codePoints[index] == '\n') {
        lineStarts.add(index + 1);
      }
    }
    record Located(int start, int end, int fieldId) {}
    List<Located> located = new ArrayList<>();
    for (ColumnReference reference : references) {
      Identifier identifier = reference.identifier();
      NodeLocation location =
          identifier
              .getLocation()
              .orElseThrow(() -> new IllegalStateException("Identifier without location"));
      int start = lineStarts.get(location.getLineNumber() - 1) + location.getColumnNumber() - 1;
      String expected =
          identifier.isDelimited()
              ? SqlText.quoteIdentifier(identifier.getValue())
              : identifier.getValue();
      int length = (int) expected.codePoints().count();
      String actual =
          start + length <= codePoints.length ? new String(codePoints, start, length) : "";
      if (!actual.equals(expected)) {
        throw new PolicyValidationException(
            Problem.UNSUPPORTED_EXPRESSION,
            "Cannot locate column reference %s in the text (write it plainly or in double quotes)"
                .formatted(expected),
            location.getLineNumber(),
            location.getColumnNumber());
      }
      located.add(new Located(start, start + length, reference.fieldId()));
    }
    located.sort(Comparator.comparingInt(Located::start));
    List<PolicyExpression.Segment> segments = new ArrayList<>();
    int position = 0;
    for (Located reference : located) {
      if (reference.start() > position) {
        segments.add(
            new PolicyExpression.Text(
                new String(codePoints, position, reference.start() - position)));
      }
      segments.add(new PolicyExpression.Reference(reference.fieldId()));
      position = reference.end();
    }
    if (position < codePoints.length) {
      segments.add(
          new PolicyExpression.Text(new String(codePoints, position, codePoints.length - position)));
    }
    return new PolicyExpression(segments);
  }
}
