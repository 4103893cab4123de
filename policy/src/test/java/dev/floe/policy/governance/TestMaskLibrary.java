package dev.floe.policy.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.policy.governance.IcebergType.Kind;
import dev.floe.policy.governance.PolicyValidationException.Problem;
import dev.floe.policy.governance.sql.ExpressionCompiler;
import dev.floe.policy.governance.sql.MaskRenderer;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** Every mask of the library rendered for every Iceberg primitive type it claims, refused for the rest. */
class TestMaskLibrary {
  private static final String SALT = "s3cr'et";
  private static final String C = "\"col\"";

  /** One representative per Iceberg primitive type, with its Trino type. */
  private static final Map<IcebergType, String> TYPES = new LinkedHashMap<>();

  static {
    TYPES.put(IcebergType.of(Kind.BOOLEAN), "boolean");
    TYPES.put(IcebergType.of(Kind.INT), "integer");
    TYPES.put(IcebergType.of(Kind.LONG), "bigint");
    TYPES.put(IcebergType.of(Kind.FLOAT), "real");
    TYPES.put(IcebergType.of(Kind.DOUBLE), "double");
    TYPES.put(IcebergType.decimal(10, 2), "decimal(10,2)");
    TYPES.put(IcebergType.of(Kind.DATE), "date");
    TYPES.put(IcebergType.of(Kind.TIME), "time(6)");
    TYPES.put(IcebergType.of(Kind.TIMESTAMP), "timestamp(6)");
    TYPES.put(IcebergType.of(Kind.TIMESTAMPTZ), "timestamp(6) with time zone");
    TYPES.put(IcebergType.of(Kind.STRING), "varchar");
    TYPES.put(IcebergType.of(Kind.UUID), "uuid");
    TYPES.put(IcebergType.fixed(16), "varbinary");
    TYPES.put(IcebergType.of(Kind.BINARY), "varbinary");
  }

  private static final TableSchema SCHEMA =
      TableSchema.of(new SchemaColumn(1, "col", "string"), new SchemaColumn(2, "country", "string"));

  @Test
  void everyKindHasARepresentative() {
    assertThat(TYPES.keySet().stream().map(IcebergType::kind).toList())
        .containsExactlyInAnyOrder(Kind.values());
  }

  @Test
  void mapsIcebergTypesToTrinoTypes() {
    SoftAssertions softly = new SoftAssertions();
    TYPES.forEach((type, trino) -> softly.assertThat(type.trinoType()).as(type.toString()).isEqualTo(trino));
    softly.assertThat(IcebergType.parse("decimal(38, 0)").trinoType()).isEqualTo("decimal(38,0)");
    softly.assertThat(IcebergType.parse(" TimestampTZ ").kind()).isEqualTo(Kind.TIMESTAMPTZ);
    softly.assertThat(IcebergType.parse("fixed[16]")).isEqualTo(IcebergType.fixed(16));
    softly.assertThat(IcebergType.tryParse("struct<1: a: int>")).isEmpty();
    softly.assertThat(IcebergType.tryParse("list<string>")).isEmpty();
    softly.assertThat(IcebergType.tryParse("timestamp_ns")).isEmpty();
    softly.assertThat(IcebergType.tryParse("decimal(39,2)")).isEmpty();
    softly.assertThat(IcebergType.tryParse("decimal(4,5)")).isEmpty();
    softly.assertThat(IcebergType.tryParse("fixed[0]")).isEmpty();
    softly.assertAll();
  }

  @Test
  void rendersEveryMaskForEveryTypeItClaimsAsExactlyTheColumnType() {
    Mask custom = new Mask.Custom(ExpressionCompiler.compile("CASE WHEN country = 'DE' THEN NULL ELSE col END", SCHEMA));
    List<Mask> masks =
        List.of(
            new Mask.Nullify(),
            new Mask.Redact(Optional.empty()),
            new Mask.Hash(),
            new Mask.ShowLast(4),
            new Mask.EmailDomain(),
            new Mask.YearOnly(),
            new Mask.Round(-2),
            new Mask.Bucket(new BigDecimal("10")),
            custom);
    SoftAssertions softly = new SoftAssertions();
    int rendered = 0;
    for (Mask mask : masks) {
      for (Map.Entry<IcebergType, String> entry : TYPES.entrySet()) {
        IcebergType type = entry.getKey();
        if (MaskRenderer.supportedKinds(mask).contains(type.kind())) {
          String sql = MaskRenderer.render(mask, "col", type, SCHEMA, SALT);
          softly.assertThat(sql).as(mask.function() + " of " + type).startsWith("CAST(").endsWith(" AS " + entry.getValue() + ")");
          // the rendered mask is Trino SQL
          softly.assertThatCode(() -> ExpressionCompiler.compile(sql, SCHEMA)).as(sql).doesNotThrowAnyException();
          rendered++;
        } else {
          softly
              .assertThatThrownBy(() -> MaskRenderer.render(mask, "col", type, SCHEMA, SALT))
              .as(mask.function() + " of " + type)
              .isInstanceOfSatisfying(
                  PolicyValidationException.class,
                  exception -> assertThat(exception.problem()).isEqualTo(Problem.MASK_TYPE_MISMATCH));
        }
      }
    }
    // nullify, redact, custom: 14 each; hash 5; show-last 1; email 1; year 3; round 5; bucket 4
    softly.assertThat(rendered).isEqualTo(3 * 14 + 5 + 1 + 1 + 3 + 5 + 4);
    softly.assertAll();
  }

  @Test
  void offersEachMaskForTheDocumentedTypes() {
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(MaskRenderer.supportedKinds(new Mask.Nullify())).isEqualTo(EnumSet.allOf(Kind.class));
    softly.assertThat(MaskRenderer.supportedKinds(new Mask.Redact(Optional.empty()))).isEqualTo(EnumSet.allOf(Kind.class));
    softly.assertThat(MaskRenderer.supportedKinds(new Mask.Hash()))
        .isEqualTo(EnumSet.of(Kind.STRING, Kind.BINARY, Kind.FIXED, Kind.INT, Kind.LONG));
    softly.assertThat(MaskRenderer.supportedKinds(new Mask.ShowLast(2))).isEqualTo(EnumSet.of(Kind.STRING));
    softly.assertThat(MaskRenderer.supportedKinds(new Mask.EmailDomain())).isEqualTo(EnumSet.of(Kind.STRING));
    softly.assertThat(MaskRenderer.supportedKinds(new Mask.YearOnly()))
        .isEqualTo(EnumSet.of(Kind.DATE, Kind.TIMESTAMP, Kind.TIMESTAMPTZ));
    softly.assertThat(MaskRenderer.supportedKinds(new Mask.Round(0)))
        .isEqualTo(EnumSet.of(Kind.INT, Kind.LONG, Kind.FLOAT, Kind.DOUBLE, Kind.DECIMAL));
    softly.assertThat(MaskRenderer.supportedKinds(new Mask.Bucket(BigDecimal.TEN)))
        .isEqualTo(EnumSet.of(Kind.INT, Kind.LONG, Kind.FLOAT, Kind.DOUBLE));
    softly.assertAll();
  }

  @Test
  void rendersTheExactExpressions() {
    IcebergType string = IcebergType.of(Kind.STRING);
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(render(new Mask.Nullify(), IcebergType.of(Kind.TIMESTAMPTZ)))
        .isEqualTo("CAST(NULL AS timestamp(6) with time zone)");
    softly.assertThat(render(new Mask.Hash(), string))
        .isEqualTo("CAST(to_hex(sha256(to_utf8(concat('s3cr''et', " + C + ")))) AS varchar)");
    softly.assertThat(render(new Mask.Hash(), IcebergType.of(Kind.BINARY)))
        .isEqualTo("CAST(sha256(concat(to_utf8('s3cr''et'), " + C + ")) AS varbinary)");
    softly.assertThat(render(new Mask.Hash(), IcebergType.of(Kind.INT)))
        .isEqualTo("CAST(from_big_endian_32(substr(sha256(to_utf8(concat('s3cr''et', CAST(" + C + " AS varchar)))), 1, 4)) AS integer)");
    softly.assertThat(render(new Mask.Hash(), IcebergType.of(Kind.LONG)))
        .isEqualTo("CAST(from_big_endian_64(substr(sha256(to_utf8(concat('s3cr''et', CAST(" + C + " AS varchar)))), 1, 8)) AS bigint)");
    softly.assertThat(render(new Mask.ShowLast(4), string))
        .isEqualTo("CAST(lpad(CASE WHEN length(" + C + ") > 4 THEN substr(" + C + ", -4) ELSE '' END, length(" + C + "), '*') AS varchar)");
    softly.assertThat(render(new Mask.EmailDomain(), string))
        .isEqualTo("CAST(CASE WHEN " + C + " IS NULL THEN NULL WHEN strpos(" + C + ", '@') > 0 THEN concat('*****', regexp_extract(" + C + ", '@[^@]*$')) ELSE '*****' END AS varchar)");
    softly.assertThat(render(new Mask.YearOnly(), IcebergType.of(Kind.DATE)))
        .isEqualTo("CAST(date_trunc('year', " + C + ") AS date)");
    softly.assertThat(render(new Mask.YearOnly(), IcebergType.of(Kind.TIMESTAMP)))
        .isEqualTo("CAST(date_trunc('year', " + C + ") AS timestamp(6))");
    softly.assertThat(render(new Mask.Round(-2), IcebergType.decimal(12, 3)))
        .isEqualTo("CAST(TRY(CAST(round(" + C + ", -2) AS decimal(12,3))) AS decimal(12,3))");
    softly.assertThat(render(new Mask.Bucket(new BigDecimal("1E+1")), IcebergType.of(Kind.INT)))
        .isEqualTo("CAST((" + C + " / 10) * 10 AS integer)");
    softly.assertThat(render(new Mask.Bucket(new BigDecimal("2.5")), IcebergType.of(Kind.FLOAT)))
        .isEqualTo("CAST(floor(" + C + " / DOUBLE '2.5') * DOUBLE '2.5' AS real)");
    softly.assertThat(render(new Mask.Custom(ExpressionCompiler.compile("upper(col)", SCHEMA)), string))
        .isEqualTo("CAST((upper(" + C + ")) AS varchar)");
    softly.assertAll();
  }

  @Test
  void rendersRedactDefaultsAndValuesAsLiteralsOfTheType() {
    Mask defaults = new Mask.Redact(Optional.empty());
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(render(defaults, IcebergType.of(Kind.STRING))).isEqualTo("CAST('****' AS varchar)");
    softly.assertThat(render(defaults, IcebergType.of(Kind.BOOLEAN))).isEqualTo("CAST(false AS boolean)");
    softly.assertThat(render(defaults, IcebergType.decimal(5, 1))).isEqualTo("CAST(0 AS decimal(5,1))");
    softly.assertThat(render(defaults, IcebergType.of(Kind.TIMESTAMPTZ)))
        .isEqualTo("CAST(TIMESTAMP '1970-01-01 00:00:00.000000 UTC' AS timestamp(6) with time zone)");
    softly.assertThat(render(defaults, IcebergType.of(Kind.UUID)))
        .isEqualTo("CAST(UUID '00000000-0000-0000-0000-000000000000' AS uuid)");
    softly.assertThat(render(defaults, IcebergType.fixed(4))).isEqualTo("CAST(X'' AS varbinary)");

    softly.assertThat(render(redact("it's secret"), IcebergType.of(Kind.STRING))).isEqualTo("CAST('it''s secret' AS varchar)");
    softly.assertThat(render(redact(" -7 "), IcebergType.of(Kind.INT))).isEqualTo("CAST(-7 AS integer)");
    softly.assertThat(render(redact("9000000000"), IcebergType.of(Kind.LONG))).isEqualTo("CAST(9000000000 AS bigint)");
    softly.assertThat(render(redact("1.5"), IcebergType.of(Kind.DOUBLE))).isEqualTo("CAST(DOUBLE '1.5' AS double)");
    softly.assertThat(render(redact("12.3"), IcebergType.decimal(5, 2))).isEqualTo("CAST(DECIMAL '12.30' AS decimal(5,2))");
    softly.assertThat(render(redact("TRUE"), IcebergType.of(Kind.BOOLEAN))).isEqualTo("CAST(true AS boolean)");
    softly.assertThat(render(redact("2000-02-29"), IcebergType.of(Kind.DATE))).isEqualTo("CAST(DATE '2000-02-29' AS date)");
    softly.assertThat(render(redact("12:30"), IcebergType.of(Kind.TIME))).isEqualTo("CAST(TIME '12:30:00.000000' AS time(6))");
    softly.assertThat(render(redact("2000-01-01T10:00:00"), IcebergType.of(Kind.TIMESTAMP)))
        .isEqualTo("CAST(TIMESTAMP '2000-01-01 10:00:00.000000' AS timestamp(6))");
    softly.assertThat(render(redact("2000-01-01T10:00:00+02:00"), IcebergType.of(Kind.TIMESTAMPTZ)))
        .isEqualTo("CAST(TIMESTAMP '2000-01-01 08:00:00.000000 UTC' AS timestamp(6) with time zone)");
    softly.assertThat(render(redact("CAFE"), IcebergType.of(Kind.BINARY))).isEqualTo("CAST(X'cafe' AS varbinary)");
    softly.assertAll();
  }

  @Test
  void refusesRedactValuesThatAreNotOfTheType() {
    Map<IcebergType, String> wrong = new LinkedHashMap<>();
    wrong.put(IcebergType.of(Kind.INT), "3000000000");
    wrong.put(IcebergType.of(Kind.LONG), "1.5");
    wrong.put(IcebergType.of(Kind.BOOLEAN), "yes");
    wrong.put(IcebergType.of(Kind.DOUBLE), "NaN");
    wrong.put(IcebergType.decimal(5, 2), "1.234");
    wrong.put(IcebergType.decimal(3, 2), "12.5");
    wrong.put(IcebergType.of(Kind.DATE), "2001-02-29");
    wrong.put(IcebergType.of(Kind.TIMESTAMPTZ), "2000-01-01T10:00:00");
    wrong.put(IcebergType.of(Kind.UUID), "not-a-uuid");
    wrong.put(IcebergType.of(Kind.BINARY), "xyz");
    SoftAssertions softly = new SoftAssertions();
    wrong.forEach(
        (type, value) ->
            softly
                .assertThatThrownBy(() -> MaskRenderer.checkApplicable(redact(value), type))
                .as(type + " " + value)
                .isInstanceOfSatisfying(
                    PolicyValidationException.class,
                    exception -> assertThat(exception.problem()).isEqualTo(Problem.INVALID_MASK_PARAMETER)));
    softly.assertAll();
  }

  @Test
  void refusesBadParameters() {
    assertThatThrownBy(() -> new Mask.ShowLast(0)).isInstanceOf(PolicyValidationException.class);
    assertThatThrownBy(() -> new Mask.Round(39)).isInstanceOf(PolicyValidationException.class);
    assertThatThrownBy(() -> new Mask.Bucket(BigDecimal.ZERO)).isInstanceOf(PolicyValidationException.class);
    assertThatThrownBy(() -> MaskRenderer.checkApplicable(new Mask.Bucket(new BigDecimal("2.5")), IcebergType.of(Kind.INT)))
        .isInstanceOfSatisfying(PolicyValidationException.class, exception -> assertThat(exception.problem()).isEqualTo(Problem.INVALID_MASK_PARAMETER))
        .hasMessageContaining("whole number");
    assertThatThrownBy(() -> MaskRenderer.checkApplicable(new Mask.Bucket(new BigDecimal("3000000000")), IcebergType.of(Kind.INT)))
        .isInstanceOf(PolicyValidationException.class);
    assertThatThrownBy(() -> MaskRenderer.render(new Mask.Hash(), "col", IcebergType.of(Kind.STRING), SCHEMA, ""))
        .isInstanceOf(PolicyValidationException.class)
        .hasMessageContaining("salt");
  }

  @Test
  void quotesColumnNamesAndKeepsTheSaltInALiteral() {
    String sql = MaskRenderer.render(new Mask.Hash(), "we\"ird name", IcebergType.of(Kind.STRING), SCHEMA, "x') OR true --");
    assertThat(sql).isEqualTo("CAST(to_hex(sha256(to_utf8(concat('x'') OR true --', \"we\"\"ird name\")))) AS varchar)");
    assertThat(Set.copyOf(ExpressionCompiler.compile(sql, TableSchema.of(new SchemaColumn(9, "we\"ird name", "string"))).referencedFieldIds()))
        .containsExactly(9);
  }

  private static Mask redact(String value) {
    return new Mask.Redact(Optional.of(value));
  }

  private static String render(Mask mask, IcebergType type) {
    return MaskRenderer.render(mask, "col", type, SCHEMA, SALT);
  }
}
