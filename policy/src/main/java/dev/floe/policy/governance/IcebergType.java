package dev.floe.policy.governance;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Iceberg primitive type, as Iceberg spells it in a schema ({@code int}, {@code decimal(10,2)},
 * {@code fixed[16]}, …), and the Trino type Trino's Iceberg connector reads it as.
 *
 * <table>
 *   <caption>Iceberg to Trino</caption>
 *   <tr><th>Iceberg</th><th>Trino</th></tr>
 *   <tr><td>boolean</td><td>boolean</td></tr>
 *   <tr><td>int</td><td>integer</td></tr>
 *   <tr><td>long</td><td>bigint</td></tr>
 *   <tr><td>float</td><td>real</td></tr>
 *   <tr><td>double</td><td>double</td></tr>
 *   <tr><td>decimal(P,S)</td><td>decimal(P,S)</td></tr>
 *   <tr><td>date</td><td>date</td></tr>
 *   <tr><td>time</td><td>time(6)</td></tr>
 *   <tr><td>timestamp</td><td>timestamp(6)</td></tr>
 *   <tr><td>timestamptz</td><td>timestamp(6) with time zone</td></tr>
 *   <tr><td>string</td><td>varchar</td></tr>
 *   <tr><td>uuid</td><td>uuid</td></tr>
 *   <tr><td>fixed[L], binary</td><td>varbinary</td></tr>
 * </table>
 *
 * Nested types (struct, list, map) and the format-v3 types (nanosecond timestamps, variant,
 * geometry, unknown) are not primitive types here: {@link #parse} refuses them and {@link
 * #tryParse} answers empty, so no mask is offered for such a column.
 *
 * @param kind the type without parameters
 * @param precision the precision of a decimal, else 0
 * @param scale the scale of a decimal, else 0
 * @param length the length of a fixed, else 0
 */
public record IcebergType(Kind kind, int precision, int scale, int length) {
  /** The Iceberg primitive types. */
  public enum Kind {
    BOOLEAN,
    INT,
    LONG,
    FLOAT,
    DOUBLE,
    DECIMAL,
    DATE,
    TIME,
    TIMESTAMP,
    TIMESTAMPTZ,
    STRING,
    UUID,
    FIXED,
    BINARY
  }

  private static final Pattern DECIMAL =
      Pattern.compile("decimal\\(\\s*(\\d{1,2})\\s*,\\s*(\\d{1,2})\\s*\\)");
  private static final Pattern FIXED = Pattern.compile("fixed\\[\\s*(\\d{1,9})\\s*]");

  public IcebergType {
    requireNonNull(kind, "kind is null");
    if (kind == Kind.DECIMAL) {
      if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
        throw new IllegalArgumentException(
            "Invalid decimal(%d,%d): precision 1 to 38, scale 0 to precision"
                .formatted(precision, scale));
      }
    } else if (precision != 0 || scale != 0) {
      throw new IllegalArgumentException("Only a decimal has a precision and scale: " + kind);
    }
    if (kind == Kind.FIXED ? length < 1 : length != 0) {
      throw new IllegalArgumentException("Only a fixed has a length, of at least 1: " + kind);
    }
  }

  public static IcebergType of(Kind kind) {
    return new IcebergType(kind, 0, 0, 0);
  }

  public static IcebergType decimal(int precision, int scale) {
    return new IcebergType(Kind.DECIMAL, precision, scale, 0);
  }

  public static IcebergType fixed(int length) {
    return new IcebergType(Kind.FIXED, 0, 0, length);
  }

  /**
   * Parses an Iceberg primitive type name.
   *
   * @throws IllegalArgumentException for anything else (including nested types)
   */
  public static IcebergType parse(String type) {
    return tryParse(type)
        .orElseThrow(() -> new IllegalArgumentException("Not an Iceberg primitive type: " + type));
  }

  /** Parses an Iceberg primitive type name; empty for anything else (nested or v3 types). */
  public static Optional<IcebergType> tryParse(String type) {
    requireNonNull(type, "type is null");
    String normalized = type.trim().toLowerCase(Locale.ROOT);
    Matcher decimal = DECIMAL.matcher(normalized);
    if (decimal.matches()) {
      int precision = Integer.parseInt(decimal.group(1));
      int scale = Integer.parseInt(decimal.group(2));
      if (precision < 1 || precision > 38 || scale > precision) {
        return Optional.empty();
      }
      return Optional.of(decimal(precision, scale));
    }
    Matcher fixed = FIXED.matcher(normalized);
    if (fixed.matches()) {
      int length = Integer.parseInt(fixed.group(1));
      return length < 1 ? Optional.empty() : Optional.of(fixed(length));
    }
    return Optional.ofNullable(
            switch (normalized) {
              case "boolean" -> Kind.BOOLEAN;
              case "int" -> Kind.INT;
              case "long" -> Kind.LONG;
              case "float" -> Kind.FLOAT;
              case "double" -> Kind.DOUBLE;
              case "date" -> Kind.DATE;
              case "time" -> Kind.TIME;
              case "timestamp" -> Kind.TIMESTAMP;
              case "timestamptz" -> Kind.TIMESTAMPTZ;
              case "string" -> Kind.STRING;
              case "uuid" -> Kind.UUID;
              case "binary" -> Kind.BINARY;
              default -> null;
            })
        .map(IcebergType::of);
  }

  /** The Trino type Trino's Iceberg connector reads this type as. */
  public String trinoType() {
    return switch (kind) {
      case BOOLEAN -> "boolean";
      case INT -> "integer";
      case LONG -> "bigint";
      case FLOAT -> "real";
      case DOUBLE -> "double";
      case DECIMAL -> "decimal(%d,%d)".formatted(precision, scale);
      case DATE -> "date";
      case TIME -> "time(6)";
      case TIMESTAMP -> "timestamp(6)";
      case TIMESTAMPTZ -> "timestamp(6) with time zone";
      case STRING -> "varchar";
      case UUID -> "uuid";
      case FIXED, BINARY -> "varbinary";
    };
  }

  @Override
  public String toString() {
    return switch (kind) {
      case DECIMAL -> "decimal(%d,%d)".formatted(precision, scale);
      case FIXED -> "fixed[%d]".formatted(length);
      case BOOLEAN, INT, LONG, FLOAT, DOUBLE, DATE, TIME, TIMESTAMP, TIMESTAMPTZ, STRING, UUID, BINARY ->
          kind.name().toLowerCase(Locale.ROOT);
    };
  }
}
