package dev.floe.policy.governance.sql;

import static dev.floe.policy.governance.IcebergType.Kind.BINARY;
import static dev.floe.policy.governance.IcebergType.Kind.BOOLEAN;
import static dev.floe.policy.governance.IcebergType.Kind.DATE;
import static dev.floe.policy.governance.IcebergType.Kind.DECIMAL;
import static dev.floe.policy.governance.IcebergType.Kind.DOUBLE;
import static dev.floe.policy.governance.IcebergType.Kind.FIXED;
import static dev.floe.policy.governance.IcebergType.Kind.FLOAT;
import static dev.floe.policy.governance.IcebergType.Kind.INT;
import static dev.floe.policy.governance.IcebergType.Kind.LONG;
import static dev.floe.policy.governance.IcebergType.Kind.STRING;
import static dev.floe.policy.governance.IcebergType.Kind.TIMESTAMP;
import static dev.floe.policy.governance.IcebergType.Kind.TIMESTAMPTZ;
import static java.util.Objects.requireNonNull;

import dev.floe.policy.governance.IcebergType;
import dev.floe.policy.governance.IcebergType.Kind;
import dev.floe.policy.governance.Mask;
import dev.floe.policy.governance.PolicyValidationException;
import dev.floe.policy.governance.PolicyValidationException.Problem;
import dev.floe.policy.governance.TableSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Renders masks as Trino SQL for a column's type.
 *
 * <p>Trino fails a query whose mask has another type than the column's, so every rendered mask is
 * {@code CAST(<expression> AS <the column's Trino type>)}: the result type is exactly the column's
 * by construction, and each mask is offered only for the types where the inner expression is
 * meaningful and castable ({@link #supportedKinds}). A mask asked of another type is refused with
 * {@link Problem#MASK_TYPE_MISMATCH}. {@code c} below is the column's current name, quoted.
 *
 * <table>
 *   <caption>The mask library</caption>
 *   <tr><th>mask</th><th>Iceberg types</th><th>inner expression</th></tr>
 *   <tr><td>NULLIFY</td><td>every primitive type</td><td>{@code NULL}</td></tr>
 *   <tr><td>REDACT</td><td>every primitive type</td><td>a literal of the type: the given value
 *       (checked against the type) or the default: {@code '****'}, 0, false, 1970-01-01,
 *       00:00:00, 1970-01-01 00:00:00 (UTC), the nil UUID, {@code X''}</td></tr>
 *   <tr><td>HASH</td><td>string</td><td>{@code to_hex(sha256(to_utf8(concat(salt, c))))}</td></tr>
 *   <tr><td></td><td>binary, fixed</td><td>{@code sha256(concat(to_utf8(salt), c))}</td></tr>
 *   <tr><td></td><td>int</td><td>{@code from_big_endian_32(substr(sha256(to_utf8(concat(salt,
 *       CAST(c AS varchar)))), 1, 4))}</td></tr>
 *   <tr><td></td><td>long</td><td>{@code from_big_endian_64(substr(sha256(to_utf8(concat(salt,
 *       CAST(c AS varchar)))), 1, 8))}</td></tr>
 *   <tr><td>SHOW_LAST n</td><td>string</td><td>{@code lpad(CASE WHEN length(c) > n THEN substr(c,
 *       -n) ELSE '' END, length(c), '*')}</td></tr>
 *   <tr><td>EMAIL_DOMAIN</td><td>string</td><td>{@code CASE WHEN c IS NULL THEN NULL WHEN
 *       strpos(c, '@') > 0 THEN concat('*****', regexp_extract(c, '@[^@]*$')) ELSE '*****'
 *       END}</td></tr>
 *   <tr><td>YEAR_ONLY</td><td>date, timestamp, timestamptz</td><td>{@code date_trunc('year',
 *       c)}</td></tr>
 *   <tr><td>ROUND d</td><td>int, long, float, double, decimal</td><td>{@code TRY(CAST(round(c, d)
 *       AS <the column's Trino type>))}: a value whose rounding does not fit the type becomes
 *       NULL</td></tr>
 *   <tr><td>BUCKET w</td><td>int, long (w a whole number)</td><td>{@code (c / w) * w}</td></tr>
 *   <tr><td></td><td>float, double</td><td>{@code floor(c / w) * w}</td></tr>
 *   <tr><td>CUSTOM</td><td>every primitive type (a column mask only)</td><td>the author's
 *       expression, with current names</td></tr>
 * </table>
 *
 * Not offered, because no expression of the type keeps a useful meaning: HASH of boolean,
 * float, double, decimal, date, time, timestamps and uuid (redact or nullify those); SHOW_LAST and
 * EMAIL_DOMAIN of anything but string; YEAR_ONLY of time; ROUND and BUCKET of non-numbers, BUCKET
 * of decimal (use ROUND with negative digits). Nested types (struct, list, map) take no mask at
 * all: a column of such a type that a mask applies to is hidden by the evaluator instead.
 */
public final class MaskRenderer {
  private static final Set<Kind> ALL = EnumSet.allOf(Kind.class);
  private static final Set<Kind> NUMBERS = EnumSet.of(INT, LONG, FLOAT, DOUBLE, DECIMAL);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS", Locale.ROOT);
  private static final DateTimeFormatter TIMESTAMP_TEXT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

  private MaskRenderer() {}

  /** The Iceberg types a mask serves. */
  public static Set<Kind> supportedKinds(Mask mask) {
    return switch (mask) {
      case Mask.Nullify nullify -> ALL;
      case Mask.Redact redact -> ALL;
      case Mask.Custom custom -> ALL;
      case Mask.Hash hash -> EnumSet.of(STRING, BINARY, FIXED, INT, LONG);
      case Mask.ShowLast showLast -> EnumSet.of(STRING);
      case Mask.EmailDomain emailDomain -> EnumSet.of(STRING);
      case Mask.YearOnly yearOnly -> EnumSet.of(DATE, TIMESTAMP, TIMESTAMPTZ);
      case Mask.Round round -> NUMBERS;
      case Mask.Bucket bucket -> EnumSet.of(INT, LONG, FLOAT, DOUBLE);
    };
  }

  /**
   * Checks that a mask can be rendered for a type, without rendering it (no salt needed): the
   * check made when a column mask is saved.
   *
   * @throws PolicyValidationException ({@link Problem#MASK_TYPE_MISMATCH} or {@link
   *     Problem#INVALID_MASK_PARAMETER})
   */
  public static void checkApplicable(Mask mask, IcebergType type) {
    requireNonNull(mask, "mask is null");
    requireNonNull(type, "type is null");
    if (!supportedKinds(mask).contains(type.kind())) {
      throw new PolicyValidationException(
          Problem.MASK_TYPE_MISMATCH,
          "Mask %s cannot serve a column of type %s (Trino %s); it serves %s"
              .formatted(mask.function(), type, type.trinoType(), names(supportedKinds(mask))));
    }
    switch (mask) {
      case Mask.Redact redact -> redactLiteral(redact, type);
      case Mask.Bucket bucket -> bucketWidth(bucket, type);
      case Mask.Nullify nullify -> {}
      case Mask.Custom custom -> {}
      case Mask.Hash hash -> {}
      case Mask.ShowLast showLast -> {}
      case Mask.EmailDomain emailDomain -> {}
      case Mask.YearOnly yearOnly -> {}
      case Mask.Round round -> {}
    }
  }

  /**
   * Renders a mask for a column.
   *
   * @param mask the mask
   * @param columnName the column's current name
   * @param type the column's current type
   * @param schema the table's current schema (for the names a custom expression references)
   * @param hashSalt the catalog's secret salt for HASH; may be empty when no HASH mask is rendered
   * @return Trino SQL of exactly the column's Trino type
   * @throws PolicyValidationException when the mask cannot serve the type, or HASH has no salt
   * @throws PolicyExpression.UnresolvedColumnException when a custom expression references a
   *     column that was dropped
   */
  public static String render(
      Mask mask, String columnName, IcebergType type, TableSchema schema, String hashSalt) {
    requireNonNull(columnName, "columnName is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(hashSalt, "hashSalt is null");
    checkApplicable(mask, type);
    String column = SqlText.quoteIdentifier(columnName);
    String inner =
        switch (mask) {
          case Mask.Nullify nullify -> "NULL";
          case Mask.Redact redact -> redactLiteral(redact, type);
          case Mask.Hash hash -> hash(column, type, hashSalt);
          case Mask.ShowLast showLast ->
              "lpad(CASE WHEN length(%1$s) > %2$d THEN substr(%1$s, -%2$d) ELSE '' END, length(%1$s), '*')"
                  .formatted(column, showLast.characters());
          case Mask.EmailDomain emailDomain ->
              ("CASE WHEN %1$s IS NULL THEN NULL WHEN strpos(%1$s, '@') > 0"
                      + " THEN concat('*****', regexp_extract(%1$s, '@[^@]*$')) ELSE '*****' END")
                  .formatted(column);
          case Mask.YearOnly yearOnly -> "date_trunc('year', %s)".formatted(column);
          // a value that rounds beyond the type (99999999.99 of a decimal(10,2) to 0 digits, the
          // largest bigint to -10) would fail the query: it becomes NULL instead
          case Mask.Round round ->
              "TRY(CAST(round(%s, %d) AS %s))".formatted(column, round.digits(), type.trinoType());
          case Mask.Bucket bucket ->
              switch (type.kind()) {
                case INT, LONG -> "(%1$s / %2$s) * %2$s".formatted(column, bucketWidth(bucket, type));
                default -> "floor(%1$s / %2$s) * %2$s".formatted(column, bucketWidth(bucket, type));
              };
          case Mask.Custom custom -> "(" + custom.expression().render(schema) + ")";
        };
    return "CAST(%s AS %s)".formatted(inner, type.trinoType());
  }

  private static String hash(String column, IcebergType type, String salt) {
    if (salt.isEmpty()) {
      throw new PolicyValidationException(
          Problem.INVALID_MASK_PARAMETER, "HASH needs the catalog's hash salt, and none is set");
    }
    String saltLiteral = SqlText.quoteString(salt);
    return switch (type.kind()) {
      case STRING -> "to_hex(sha256(to_utf8(concat(%s, %s))))".formatted(saltLiteral, column);
      case BINARY, FIXED -> "sha256(concat(to_utf8(%s), %s))".formatted(saltLiteral, column);
      case INT ->
          "from_big_endian_32(substr(sha256(to_utf8(concat(%s, CAST(%s AS varchar)))), 1, 4))"
              .formatted(saltLiteral, column);
      case LONG ->
          "from_big_endian_64(substr(sha256(to_utf8(concat(%s, CAST(%s AS varchar)))), 1, 8))"
              .formatted(saltLiteral, column);
      default -> throw new IllegalStateException("HASH is not offered for " + type);
    };
  }

  private static String bucketWidth(Mask.Bucket bucket, IcebergType type) {
    BigDecimal width = bucket.width().stripTrailingZeros();
    return switch (type.kind()) {
      case INT, LONG -> {
        BigInteger whole;
        try {
          whole = width.toBigIntegerExact();
        } catch (ArithmeticException exception) {
          throw invalidParameter("BUCKET width of a %s column must be a whole number, got %s", type, bucket.width());
        }
        BigInteger max = BigInteger.valueOf(type.kind() == INT ? Integer.MAX_VALUE : Long.MAX_VALUE);
        if (whole.compareTo(max) > 0) {
          throw invalidParameter("BUCKET width does not fit a %s column: %s", type, bucket.width());
        }
        yield whole.toString();
      }
      default -> {
        double value = width.doubleValue();
        if (!Double.isFinite(value) || value <= 0) {
          throw invalidParameter("BUCKET width does not fit a %s column: %s", type, bucket.width());
        }
        yield "DOUBLE '%s'".formatted(Double.toString(value));
      }
    };
  }

  /** The replacement value of a REDACT mask as a Trino literal of the type (before the CAST). */
  private static String redactLiteral(Mask.Redact redact, IcebergType type) {
    if (redact.value().isEmpty()) {
      return switch (type.kind()) {
        case BOOLEAN -> "false";
        case INT, LONG, DECIMAL -> "0";
        case FLOAT, DOUBLE -> "DOUBLE '0.0'";
        case DATE -> "DATE '1970-01-01'";
        case TIME -> "TIME '00:00:00.000000'";
        case TIMESTAMP -> "TIMESTAMP '1970-01-01 00:00:00.000000'";
        case TIMESTAMPTZ -> "TIMESTAMP '1970-01-01 00:00:00.000000 UTC'";
        case STRING -> "'****'";
        case UUID -> "UUID '00000000-0000-0000-0000-000000000000'";
        case FIXED, BINARY -> "X''";
      };
    }
    String value = redact.value().get();
    try {
      return switch (type.kind()) {
        case BOOLEAN -> {
          String lower = value.trim().toLowerCase(Locale.ROOT);
          if (!lower.equals("true") && !lower.equals("false")) {
            throw invalidParameter("REDACT value for a %s column must be true or false, got '%s'", type, value);
          }
          yield lower;
        }
        case INT -> Integer.toString(Integer.parseInt(value.trim()));
        case LONG -> Long.toString(Long.parseLong(value.trim()));
        case FLOAT, DOUBLE -> {
          double number = Double.parseDouble(value.trim());
          if (!Double.isFinite(number)) {
            throw invalidParameter("REDACT value for a %s column must be a finite number, got '%s'", type, value);
          }
          yield "DOUBLE '%s'".formatted(Double.toString(number));
        }
        case DECIMAL -> {
          BigDecimal number = new BigDecimal(value.trim());
          BigDecimal scaled;
          try {
            scaled = number.setScale(type.scale());
          } catch (ArithmeticException exception) {
            throw invalidParameter("REDACT value has more decimal places than a %s column: '%s'", type, value);
          }
          if (scaled.precision() - scaled.scale() > type.precision() - type.scale()) {
            throw invalidParameter("REDACT value does not fit a %s column: '%s'", type, value);
          }
          yield "DECIMAL '%s'".formatted(scaled.toPlainString());
        }
        case DATE -> "DATE '%s'".formatted(LocalDate.parse(value.trim()));
        case TIME -> "TIME '%s'".formatted(TIME.format(LocalTime.parse(value.trim())));
        case TIMESTAMP ->
            "TIMESTAMP '%s'".formatted(TIMESTAMP_TEXT.format(LocalDateTime.parse(value.trim())));
        case TIMESTAMPTZ ->
            "TIMESTAMP '%s UTC'"
                .formatted(
                    TIMESTAMP_TEXT.format(
                        OffsetDateTime.parse(value.trim())
                            .withOffsetSameInstant(ZoneOffset.UTC)
                            .toLocalDateTime()));
        case STRING -> SqlText.quoteString(value);
        case UUID -> "UUID '%s'".formatted(UUID.fromString(value.trim()));
        case FIXED, BINARY -> "X'%s'".formatted(HexFormat.of().formatHex(HexFormat.of().parseHex(value.trim())));
      };
    } catch (IllegalArgumentException | DateTimeParseException exception) {
      // NumberFormatException, a bad UUID or hex text, a malformed date or time
      throw invalidParameter("REDACT value is not a %s: '%s'", type, value);
    }
  }

  private static PolicyValidationException invalidParameter(String format, IcebergType type, Object value) {
    return new PolicyValidationException(Problem.INVALID_MASK_PARAMETER, format.formatted(type, value));
  }

  private static String names(Set<Kind> kinds) {
    return kinds.stream().map(kind -> kind.name().toLowerCase(Locale.ROOT)).sorted().toList().toString();
  }
}
