package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.policy.governance.IcebergType;
import dev.floe.policy.governance.IcebergType.Kind;
import dev.floe.policy.governance.Mask;
import dev.floe.policy.governance.PolicyValidationException;
import dev.floe.policy.governance.PolicyValidationException.Problem;
import dev.floe.policy.governance.SchemaColumn;
import dev.floe.policy.governance.TableSchema;
import dev.floe.policy.governance.sql.ExpressionCompiler;
import dev.floe.policy.governance.sql.MaskRenderer;
import dev.floe.policy.governance.sql.PolicyExpression;
import dev.floe.policy.governance.sql.SqlText;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every mask of Floe's mask library, for every Iceberg primitive type the library says it serves,
 * and sample row filters, rendered by the library and run by a real Trino 476 (the run's {@link
 * SharedTrino}) as {@code SELECT <expression> FROM t}, where {@code t} has one column of every type
 * and rows of typical, negative, maximum, minimum, NULL and special values. Each rendering must run
 * on every row and be exactly of the column's Trino type; the library's refusals must be exactly
 * the documented ones ({@code policy/README.md}, "The mask library, per type").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ITGovernanceRenderings {
  private static final String SALT = "s3cr'et";
  private static final String OTHER_SALT = "another salt";
  private static final String USER = "floe-it";
  private static final int ROWS = 6;

  /** A column of the test relation: its Iceberg type and one value per row as text (null = NULL). */
  private record Column(int fieldId, String name, IcebergType type, List<String> values) {
    Column {
      values = Collections.unmodifiableList(new ArrayList<>(values)); // with NULLs
      if (values.size() != ROWS) {
        throw new IllegalArgumentException(name + " needs " + ROWS + " values");
      }
    }

    /** The value of row {@code row} (1-based) as a literal of exactly the column's Trino type. */
    String literal(int row) {
      String value = values.get(row - 1);
      String trinoType = type.trinoType();
      if (value == null) {
        return "CAST(NULL AS " + trinoType + ")";
      }
      return switch (type.kind()) {
        case STRING -> SqlText.quoteString(value);
        case FIXED, BINARY -> "from_hex(" + SqlText.quoteString(value) + ")";
        case BOOLEAN, INT, LONG, FLOAT, DOUBLE, DECIMAL, DATE, TIME, TIMESTAMP, TIMESTAMPTZ, UUID ->
            "CAST(" + SqlText.quoteString(value) + " AS " + trinoType + ")";
      };
    }
  }

  /**
   * Rows: 1 typical, 2 negative (and the show-last sample), 3 maximum (and empty), 4 minimum, 5
   * NULL, 6 special (zero, NaN, infinity, several {@code @}, a quote).
   */
  private static final List<Column> COLUMNS =
      List.of(
          column(1, "c_boolean", IcebergType.of(Kind.BOOLEAN), "true", "false", "true", "false", null, "true"),
          column(2, "c_int", IcebergType.of(Kind.INT), "42", "-42", "2147483647", "-2147483648", null, "0"),
          column(3, "c_long", IcebergType.of(Kind.LONG),
              "9000000000", "-9000000000", "9223372036854775807", "-9223372036854775808", null, "0"),
          column(4, "c_float", IcebergType.of(Kind.FLOAT), "1.5", "-1.5", "3.4028235E38", "-3.4028235E38", null, "NaN"),
          column(5, "c_double", IcebergType.of(Kind.DOUBLE),
              "2.5", "-2.5", "1.7976931348623157E308", "-1.7976931348623157E308", null, "Infinity"),
          column(6, "c_decimal", IcebergType.decimal(10, 2), "12.34", "-12.34", "99999999.99", "-99999999.99", null, "0.00"),
          column(7, "c_decimal_38", IcebergType.decimal(38, 0), "12345", "-12345", "9".repeat(38), "-" + "9".repeat(38), null, "0"),
          column(8, "c_date", IcebergType.of(Kind.DATE), "2024-05-17", "1969-12-31", "9999-12-31", "0001-01-01", null, "1970-01-01"),
          column(9, "c_time", IcebergType.of(Kind.TIME),
              "12:34:56.123456", "00:00:00.000000", "23:59:59.999999", "00:00:00.000001", null, "12:00:00.000000"),
          column(10, "c_timestamp", IcebergType.of(Kind.TIMESTAMP),
              "2024-05-17 12:34:56.123456", "1969-12-31 23:59:59.999999", "9999-12-31 23:59:59.999999",
              "0001-01-01 00:00:00.000000", null, "1970-01-01 00:00:00.000000"),
          column(11, "c_timestamptz", IcebergType.of(Kind.TIMESTAMPTZ),
              "2024-05-17 12:34:56.123456 UTC", "1969-12-31 23:59:59.999999 +05:30", "9999-12-31 23:59:59.999999 UTC",
              "0001-01-01 00:00:00.000000 UTC", null, "2024-12-31 23:30:00.000000 -01:00"),
          column(12, "c_string", IcebergType.of(Kind.STRING), "a@b.org", "1234567890", "", "Zürich 東京", null, "O'Brien@x@y.com"),
          column(13, "c_uuid", IcebergType.of(Kind.UUID),
              "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "00000000-0000-0000-0000-000000000000",
              "ffffffff-ffff-ffff-ffff-ffffffffffff", "00000000-0000-0000-0000-000000000001", null,
              "123e4567-e89b-12d3-a456-426614174000"),
          column(14, "c_fixed", IcebergType.fixed(16),
              "000102030405060708090a0b0c0d0e0f", "80".repeat(16), "ff".repeat(16), "00".repeat(16), null, "2a".repeat(16)),
          column(15, "c_binary", IcebergType.of(Kind.BINARY), "cafe", "00", "", "ff".repeat(64), null, "2a"));

  /** A column renamed since a filter was written ({@code amount} then), with quote and space. */
  private static final Column RENAMED =
      column(16, "we\"ird Name", IcebergType.of(Kind.INT), "42", "-42", "2147483647", "-2147483648", null, "0");

  /** Every column of the test relation, with {@code row_id} (an int, field id 100). */
  private static final TableSchema SCHEMA = schema();

  private static TableSchema schema() {
    List<SchemaColumn> columns = new ArrayList<>();
    for (Column column : allColumns()) {
      columns.add(new SchemaColumn(column.fieldId(), column.name(), column.type().toString()));
    }
    columns.add(new SchemaColumn(100, "row_id", "int"));
    return new TableSchema(columns);
  }

  private static List<Column> allColumns() {
    List<Column> all = new ArrayList<>(COLUMNS);
    all.add(RENAMED);
    return all;
  }

  /** The documented mask library: which kinds each mask serves (policy/README.md's table). */
  private static final Map<String, Set<Kind>> DOCUMENTED =
      Map.of(
          "NULLIFY", EnumSet.allOf(Kind.class),
          "REDACT", EnumSet.allOf(Kind.class),
          "CUSTOM", EnumSet.allOf(Kind.class),
          "HASH", EnumSet.of(Kind.INT, Kind.LONG, Kind.STRING, Kind.FIXED, Kind.BINARY),
          "SHOW_LAST", EnumSet.of(Kind.STRING),
          "EMAIL_DOMAIN", EnumSet.of(Kind.STRING),
          "YEAR_ONLY", EnumSet.of(Kind.DATE, Kind.TIMESTAMP, Kind.TIMESTAMPTZ),
          "ROUND", EnumSet.of(Kind.INT, Kind.LONG, Kind.FLOAT, Kind.DOUBLE, Kind.DECIMAL),
          "BUCKET", EnumSet.of(Kind.INT, Kind.LONG, Kind.FLOAT, Kind.DOUBLE));

  private Connection connection;
  private int renderingsRun;
  private int refusals;
  private int filtersRun;

  private static Column column(int fieldId, String name, IcebergType type, String... values) {
    return new Column(fieldId, name, type, Arrays.asList(values));
  }

  @BeforeAll
  void connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    connection = DriverManager.getConnection(SharedTrino.get().jdbcUrl(), properties);
  }

  @AfterAll
  void disconnect() throws SQLException {
    System.out.printf(
        "ITGovernanceRenderings: %d mask renderings and %d row filters ran in Trino, %d refusals as documented%n",
        renderingsRun, filtersRun, refusals);
    if (connection != null) {
      connection.close();
    }
  }

  /** The masks run for each column: every mask of the library, with a few parameters each. */
  private static List<Mask> masksFor(Column column) {
    return List.of(
        new Mask.Nullify(),
        new Mask.Redact(Optional.empty()),
        new Mask.Redact(Optional.of(redactValue(column.type()))),
        new Mask.Hash(),
        new Mask.ShowLast(4),
        new Mask.ShowLast(1000),
        new Mask.EmailDomain(),
        new Mask.YearOnly(),
        new Mask.Round(2),
        new Mask.Round(0),
        new Mask.Round(-2),
        new Mask.Round(-10),
        new Mask.Bucket(new BigDecimal("10")),
        new Mask.Bucket(new BigDecimal("2.5")),
        custom("CASE WHEN row_id = 1 THEN NULL ELSE " + SqlText.quoteIdentifier(column.name()) + " END"));
  }

  private static Mask custom(String sql) {
    return new Mask.Custom(ExpressionCompiler.compile(sql, SCHEMA));
  }

  /** A valid REDACT value of each type. */
  private static String redactValue(IcebergType type) {
    return switch (type.kind()) {
      case BOOLEAN -> "true";
      case INT -> "-7";
      case LONG -> "9000000000";
      case FLOAT -> "1.5";
      case DOUBLE -> "-2.5";
      case DECIMAL -> "12";
      case DATE -> "2000-02-29";
      case TIME -> "12:30";
      case TIMESTAMP -> "2000-01-01T10:00:00";
      case TIMESTAMPTZ -> "2000-01-01T10:00:00+02:00";
      case STRING -> "it's secret";
      case UUID -> "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
      case FIXED, BINARY -> "CAFE";
    };
  }

  /** The refusal the documentation promises for a mask on a type, if any. */
  private static Optional<Problem> documentedRefusal(Mask mask, IcebergType type) {
    if (!DOCUMENTED.get(mask.function()).contains(type.kind())) {
      return Optional.of(Problem.MASK_TYPE_MISMATCH);
    }
    // BUCKET of an integer type takes a whole-number width only
    if (mask instanceof Mask.Bucket bucket
        && (type.kind() == Kind.INT || type.kind() == Kind.LONG)
        && bucket.width().stripTrailingZeros().scale() > 0) {
      return Optional.of(Problem.INVALID_MASK_PARAMETER);
    }
    return Optional.empty();
  }

  @Test
  void everyMaskForEveryTypeItServesRunsInTrinoAsTheColumnType() throws SQLException {
    SoftAssertions softly = new SoftAssertions();
    Set<Kind> kindsCovered = EnumSet.noneOf(Kind.class);
    Set<String> functionsRun = new LinkedHashSet<>();
    for (Column column : COLUMNS) {
      kindsCovered.add(column.type().kind());
      for (Mask mask : masksFor(column)) {
        String label = describe(mask) + " of " + column.type();
        Optional<Problem> expected = documentedRefusal(mask, column.type());
        try {
          MaskRenderer.checkApplicable(mask, column.type());
        } catch (PolicyValidationException refused) {
          softly.assertThat(Optional.of(refused.problem()))
              .as("refusal of %s: %s", label, refused.getMessage())
              .isEqualTo(expected);
          refusals++;
          continue;
        }
        softly.assertThat(expected).as("%s is served, the documentation says it is refused", label).isEmpty();
        String sql = MaskRenderer.render(mask, column.name(), column.type(), SCHEMA, SALT);
        try {
          Result result = runMask(sql);
          softly.assertThat(result.types()).as("typeof(%s) for %s", sql, label).containsOnly(column.type().trinoType());
          softly.assertThat(result.metadataType()).as("JDBC type of %s for %s", sql, label).isEqualTo(column.type().trinoType());
          renderingsRun++;
          functionsRun.add(mask.function());
        } catch (SQLException failed) {
          softly.fail("Trino rejected %s: %s%n  %s", label, sql, failed.getMessage());
        }
      }
    }
    softly.assertThat(kindsCovered).as("a column of every Iceberg primitive type").isEqualTo(EnumSet.allOf(Kind.class));
    softly.assertThat(functionsRun).as("every mask of the library ran").containsExactlyInAnyOrderElementsOf(DOCUMENTED.keySet());
    softly.assertAll();
  }

  @Test
  void masksGiveTheDocumentedValues() throws SQLException {
    SoftAssertions softly = new SoftAssertions();
    for (Column column : COLUMNS) {
      softly.assertThat(values(new Mask.Nullify(), column)).as("NULLIFY of " + column.type()).containsOnlyNulls().hasSize(ROWS);
    }
    Map<String, String> redactDefaults = new LinkedHashMap<>();
    redactDefaults.put("c_boolean", "false");
    redactDefaults.put("c_int", "0");
    redactDefaults.put("c_long", "0");
    redactDefaults.put("c_decimal", "0.00");
    redactDefaults.put("c_decimal_38", "0");
    redactDefaults.put("c_date", "1970-01-01");
    redactDefaults.put("c_time", "00:00:00.000000");
    redactDefaults.put("c_timestamp", "1970-01-01 00:00:00.000000");
    redactDefaults.put("c_timestamptz", "1970-01-01 00:00:00.000000 UTC");
    redactDefaults.put("c_string", "****");
    redactDefaults.put("c_uuid", "00000000-0000-0000-0000-000000000000");
    redactDefaults.put("c_fixed", "");
    redactDefaults.put("c_binary", "");
    redactDefaults.forEach(
        (name, expected) ->
            softly.assertThat(valuesOrFailure(new Mask.Redact(Optional.empty()), column(name)))
                .as("REDACT of " + name)
                .containsOnly(expected));
    softly.assertThat(values(new Mask.Redact(Optional.of("it's secret")), column("c_string"))).containsOnly("it's secret");
    softly.assertThat(values(new Mask.Redact(Optional.of("-7")), column("c_int"))).containsOnly("-7");
    softly.assertThat(values(new Mask.Redact(Optional.of("2000-01-01T10:00:00+02:00")), column("c_timestamptz")))
        .containsOnly("2000-01-01 08:00:00.000000 UTC");
    softly.assertThat(values(new Mask.Redact(Optional.of("CAFE")), column("c_binary"))).containsOnly("CAFE");

    softly.assertThat(values(new Mask.EmailDomain(), column("c_string")))
        .as("EMAIL_DOMAIN")
        .containsExactly("*****@b.org", "*****", "*****", "*****", null, "*****@y.com");
    softly.assertThat(values(new Mask.ShowLast(4), column("c_string")))
        .as("SHOW_LAST 4")
        .containsExactly("***.org", "******7890", "", "*****h 東京", null, "***********.com");
    softly.assertThat(values(new Mask.YearOnly(), column("c_date")))
        .containsExactly("2024-01-01", "1969-01-01", "9999-01-01", "0001-01-01", null, "1970-01-01");
    softly.assertThat(values(new Mask.YearOnly(), column("c_timestamp")).get(0)).isEqualTo("2024-01-01 00:00:00.000000");
    // a timestamp with time zone keeps its zone
    softly.assertThat(values(new Mask.YearOnly(), column("c_timestamptz")))
        .startsWith("2024-01-01 00:00:00.000000 UTC", "1969-01-01 00:00:00.000000 +05:30");
    softly.assertThat(values(new Mask.Round(-2), column("c_int"))).startsWith("0", "0");
    softly.assertThat(values(new Mask.Round(-2), column("c_long"))).startsWith("9000000000", "-9000000000");
    softly.assertThat(values(new Mask.Round(1), column("c_decimal"))).startsWith("12.30", "-12.30");
    // a value that rounds beyond its type becomes NULL instead of failing the query
    softly.assertThat(values(new Mask.Round(0), column("c_decimal")))
        .containsExactly("12.00", "-12.00", null, null, null, "0.00");
    softly.assertThat(values(new Mask.Round(-10), column("c_long")))
        .containsExactly("10000000000", "-10000000000", null, null, null, "0");
    softly.assertThat(values(new Mask.Round(-2), column("c_decimal_38")))
        .containsExactly("12300", "-12300", null, null, null, "0");
    // rounds towards zero
    softly.assertThat(values(new Mask.Bucket(BigDecimal.TEN), column("c_int"))).startsWith("40", "-40");
    List<String> custom =
        values(custom("CASE WHEN row_id = 1 THEN NULL ELSE c_string END"), column("c_string"));
    softly.assertThat(custom).containsExactly(null, "1234567890", "", "Zürich 東京", null, "O'Brien@x@y.com");
    softly.assertAll();
  }

  @Test
  void hashIsDeterministicForASaltAndDiffersForAnother() throws SQLException {
    SoftAssertions softly = new SoftAssertions();
    for (String name : List.of("c_string", "c_int", "c_long", "c_fixed", "c_binary")) {
      Column column = column(name);
      List<String> first = values(new Mask.Hash(), column, SALT);
      List<String> again = values(new Mask.Hash(), column, SALT);
      List<String> other = values(new Mask.Hash(), column, OTHER_SALT);
      softly.assertThat(again).as("HASH of %s again", name).isEqualTo(first);
      softly.assertThat(first.get(4)).as("HASH of NULL").isNull();
      for (int row : List.of(0, 1, 2, 3, 5)) {
        softly.assertThat(first.get(row)).as("HASH of %s row %d", name, row + 1).isNotNull().isNotEqualTo(other.get(row));
      }
      // distinct values, distinct hashes
      softly.assertThat(new LinkedHashSet<>(first.subList(0, 4))).as("HASH of %s", name).hasSize(4);
    }
    // the documented functions, checked against Java's SHA-256
    byte[] stringDigest = sha256((SALT + "a@b.org").getBytes(StandardCharsets.UTF_8));
    softly.assertThat(values(new Mask.Hash(), column("c_string")).get(0)).isEqualTo(HexFormat.of().withUpperCase().formatHex(stringDigest));
    byte[] intDigest = sha256((SALT + "42").getBytes(StandardCharsets.UTF_8));
    softly.assertThat(values(new Mask.Hash(), column("c_int")).get(0)).isEqualTo(Integer.toString(ByteBuffer.wrap(intDigest).getInt()));
    softly.assertThat(values(new Mask.Hash(), column("c_long")).get(1))
        .isEqualTo(Long.toString(ByteBuffer.wrap(sha256((SALT + "-9000000000").getBytes(StandardCharsets.UTF_8))).getLong()));
    byte[] salted = concat(SALT.getBytes(StandardCharsets.UTF_8), HexFormat.of().parseHex("cafe"));
    softly.assertThat(values(new Mask.Hash(), column("c_binary")).get(0)).isEqualTo(HexFormat.of().withUpperCase().formatHex(sha256(salted)));
    softly.assertAll();
  }

  @Test
  void rowFiltersRunInTrino() throws SQLException {
    // expression -> rows it keeps (of rows 1..6)
    Map<String, List<Integer>> filters = new LinkedHashMap<>();
    filters.put("c_int > 0", List.of(1, 3));
    filters.put("c_long <= -9000000000", List.of(2, 4));
    filters.put("c_string IN ('a@b.org', '1234567890')", List.of(1, 2));
    filters.put("c_string NOT IN ('a@b.org')", List.of(2, 3, 4, 6));
    filters.put("c_string IS NULL", List.of(5));
    filters.put("c_date IS NOT NULL AND c_boolean", List.of(1, 3, 6));
    filters.put("c_int < 0 OR NOT c_boolean", List.of(2, 4));
    filters.put("NOT (c_int > 0 AND c_decimal > 0) OR c_uuid IS NULL", List.of(2, 4, 5, 6));
    filters.put("c_decimal BETWEEN -20 AND DECIMAL '12.34'", List.of(1, 2, 6));
    filters.put("lower(c_string) LIKE '%@%'", List.of(1, 6));
    filters.put("year(c_timestamp) = 2024 OR length(c_string) = 0", List.of(1, 3));
    filters.put("contains(ARRAY['a@b.org', 'x'], c_string)", List.of(1));
    filters.put("COALESCE(c_float, 0) > 0 OR is_nan(c_float)", List.of(1, 3, 6));
    filters.put("c_timestamptz < TIMESTAMP '2000-01-01 00:00:00 UTC'", List.of(2, 4));
    filters.put("c_binary = X'cafe' OR c_fixed = from_hex('" + "2a".repeat(16) + "')", List.of(1, 6));
    filters.put("c_time >= TIME '12:00:00'", List.of(1, 3, 6));
    filters.put("current_user = '" + USER + "' AND c_string <> 'c_int'", List.of(1, 2, 3, 4, 6));
    filters.put("CASE WHEN c_int > 0 THEN true ELSE false END", List.of(1, 3));
    filters.put("any_match(ARRAY[c_string, 'x'], s -> s LIKE '%7890')", List.of(2));
    SoftAssertions softly = new SoftAssertions();
    filters.forEach(
        (sql, rows) -> runFilter(softly, sql, ExpressionCompiler.compileFilter(sql, SCHEMA), rows));

    // written when the column was named amount; renamed since (field id 16)
    TableSchema before = TableSchema.of(new SchemaColumn(RENAMED.fieldId(), "amount", "int"));
    PolicyExpression written = ExpressionCompiler.compileFilter("amount BETWEEN -50 AND 50 AND 'amount' = 'amount'", before);
    runFilter(softly, "after a rename of amount", written, List.of(1, 2, 6));
    softly.assertAll();
  }

  private void runFilter(SoftAssertions softly, String label, PolicyExpression expression, List<Integer> rows) {
    // as the server does: the stored form read back, rendered with the current names
    String rendered = ExpressionCompiler.fromStoredForm(expression.storedForm()).render(SCHEMA);
    String sql = relation() + " SELECT row_id, typeof(" + rendered + ") FROM t WHERE " + rendered + " ORDER BY row_id";
    try {
      List<List<String>> result = query(sql);
      softly.assertThat(result.stream().map(row -> Integer.parseInt(row.get(0))).toList()).as("rows kept by %s: %s", label, rendered).isEqualTo(rows);
      softly.assertThat(result.stream().map(row -> row.get(1)).distinct().toList()).as("type of %s", rendered).containsOnly("boolean");
      filtersRun++;
    } catch (SQLException failed) {
      softly.fail("Trino rejected the filter %s: %s%n  %s", label, rendered, failed.getMessage());
    }
  }

  // ---------------------------------------------------------------- helpers

  private record Result(List<String> types, String metadataType) {}

  /** Runs a rendered mask on every row: the types Trino reports for its value, and the JDBC type. */
  private Result runMask(String mask) throws SQLException {
    String sql = relation() + " SELECT row_id, typeof(m), m FROM (SELECT row_id, " + mask + " AS m FROM t) ORDER BY row_id";
    try (Statement statement = connection.createStatement();
        ResultSet results = statement.executeQuery(sql)) {
      List<String> types = new ArrayList<>();
      while (results.next()) {
        types.add(results.getString(2));
      }
      assertThat(types).as(sql).hasSize(ROWS);
      return new Result(types, results.getMetaData().getColumnTypeName(3));
    }
  }

  /** The mask's values, row by row, as text ({@code to_hex} for varbinary), with the test salt. */
  private List<String> values(Mask mask, Column column) throws SQLException {
    return values(mask, column, SALT);
  }

  private List<String> valuesOrFailure(Mask mask, Column column) {
    try {
      return values(mask, column);
    } catch (SQLException e) {
      return List.of("failed: " + e.getMessage());
    }
  }

  private List<String> values(Mask mask, Column column, String salt) throws SQLException {
    String rendered = MaskRenderer.render(mask, column.name(), column.type(), SCHEMA, salt);
    String text = column.type().trinoType().equals("varbinary") ? "to_hex(m)" : "CAST(m AS varchar)";
    List<List<String>> rows =
        query(relation() + " SELECT " + text + " FROM (SELECT row_id, " + rendered + " AS m FROM t) ORDER BY row_id");
    List<String> values = new ArrayList<>();
    rows.forEach(row -> values.add(row.get(0)));
    return values;
  }

  private List<List<String>> query(String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet results = statement.executeQuery(sql)) {
      int columns = results.getMetaData().getColumnCount();
      List<List<String>> rows = new ArrayList<>();
      while (results.next()) {
        List<String> row = new ArrayList<>();
        for (int index = 1; index <= columns; index++) {
          row.add(results.getString(index));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  /** {@code WITH t AS (...)}: the test table, every column exactly of its Trino type. */
  private static String relation() {
    List<Column> all = allColumns();
    String rows =
        IntStream.rangeClosed(1, ROWS)
            .mapToObj(row -> "(" + row + ", " + all.stream().map(column -> column.literal(row)).collect(Collectors.joining(", ")) + ")")
            .collect(Collectors.joining(", "));
    String names = all.stream().map(column -> SqlText.quoteIdentifier(column.name())).collect(Collectors.joining(", "));
    return "WITH t AS (SELECT * FROM (VALUES " + rows + ") AS v(row_id, " + names + "))";
  }

  private static Column column(String name) {
    return COLUMNS.stream().filter(column -> column.name().equals(name)).findFirst().orElseThrow();
  }

  private static String describe(Mask mask) {
    return switch (mask) {
      case Mask.Redact redact -> "REDACT" + redact.value().map(value -> " '" + value + "'").orElse("");
      case Mask.ShowLast showLast -> "SHOW_LAST " + showLast.characters();
      case Mask.Round round -> "ROUND " + round.digits();
      case Mask.Bucket bucket -> "BUCKET " + bucket.width();
      case Mask.Custom custom -> "CUSTOM";
      case Mask.Nullify nullify -> "NULLIFY";
      case Mask.Hash hash -> "HASH";
      case Mask.EmailDomain emailDomain -> "EMAIL_DOMAIN";
      case Mask.YearOnly yearOnly -> "YEAR_ONLY";
    };
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }
}
