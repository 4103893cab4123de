package dev.floe.catalog.metastore;

import java.util.regex.Pattern;
import org.apache.iceberg.exceptions.BadRequestException;

/**
 * The one rule for the names of catalogs, principals, principal roles and catalog roles: 1 to 128
 * letters (A-Z, a-z), digits, '_', '.', '@' or '-', the first a letter or a digit. A name is a
 * path segment of the management API and of the Iceberg REST API (the catalog is its prefix), a
 * Trino group (principal roles) and a field of audit events, so it holds no space, slash, percent
 * sign or control character. Checked when something is created; names stored before the rule
 * (earlier versions took any principal name) still work for reads, updates and drops.
 */
public final class EntityNames {
  /** The rule as a regular expression, also the {@code pattern} of the OpenAPI schemas. */
  public static final String PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}$";

  /** The rule in words, for messages and the OpenAPI document. */
  public static final String RULE = "1 to 128 letters, digits, '_', '.', '@' or '-', starting with a letter or digit";

  private static final Pattern NAME = Pattern.compile(PATTERN);

  private EntityNames() {}

  /** Whether {@code name} follows the rule. */
  public static boolean isValid(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /**
   * {@code name} when it follows the rule; otherwise a {@link BadRequestException} (400) naming it.
   *
   * @param kind what is named, for the message ("catalog", "principal", "principal role", ...)
   */
  public static String check(String name, String kind) {
    if (!isValid(name)) {
      throw new BadRequestException("Invalid %s name %s: use %s", kind, name == null ? "(none)" : quoted(name), RULE);
    }
    return name;
  }

  /** The name in quotes, control characters escaped so the message stays one readable line. */
  private static String quoted(String name) {
    StringBuilder text = new StringBuilder("'");
    name.codePoints().forEach(c -> {
      if (Character.isISOControl(c)) {
        text.append(String.format("\\u%04x", c));
      } else {
        text.appendCodePoint(c);
      }
    });
    return text.append('\'').toString();
  }
}
