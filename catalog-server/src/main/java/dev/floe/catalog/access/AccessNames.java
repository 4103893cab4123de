package dev.floe.catalog.access;

import java.util.regex.Pattern;
import org.apache.iceberg.exceptions.BadRequestException;

/**
 * The names the access store accepts, checked before anything is stored or recorded; a refused
 * name is a {@link BadRequestException} (400) that names it and says what is allowed. The
 * management API reaches these checks through {@link PostgresAccessStore}.
 */
final class AccessNames {
  static final int MAX_PRINCIPAL_NAME = 255;
  private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}");

  private AccessNames() {}

  /** Principal names: 1 to 255 characters, no control characters, no surrounding spaces. */
  static void checkPrincipalName(String name) {
    if (name == null
        || name.isEmpty()
        || name.length() > MAX_PRINCIPAL_NAME
        || !name.strip().equals(name)
        || name.chars().anyMatch(Character::isISOControl)) {
      throw new BadRequestException(
          "Invalid principal name %s: use 1 to %d characters without control characters or surrounding spaces",
          name, MAX_PRINCIPAL_NAME);
    }
  }

  /**
   * Role names: 1 to 128 letters, digits, '_', '.', '@' or '-', starting with a letter or digit.
   *
   * @param kind the kind of role, for the message ("principal role", "catalog role")
   */
  static void checkRoleName(String name, String kind) {
    if (name == null || !ROLE_NAME.matcher(name).matches()) {
      throw new BadRequestException(
          "Invalid %s name %s: use 1 to 128 letters, digits, '_', '.', '@' or '-', starting with a letter or digit",
          kind, name);
    }
  }
}
