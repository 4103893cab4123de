package dev.floe.catalog.rest;

import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.exceptions.BadRequestException;

/** Checks of names a client chooses, so that what is stored can always be addressed again. */
final class Identifiers {
  private static final int MAX_LENGTH = 1024;

  private Identifiers() {}

  static void checkNamespace(Namespace namespace) {
    if (namespace == null || namespace.isEmpty()) {
      throw new BadRequestException("Invalid namespace: must have at least one level");
    }
    for (String level : namespace.levels()) {
      checkPart(level, "namespace level", namespace.toString());
    }
  }

  static void checkName(String name, String kind) {
    if (name == null) {
      throw new BadRequestException("Invalid %s name: missing", kind);
    }
    checkPart(name, kind + " name", name);
  }

  private static void checkPart(String part, String what, String whole) {
    if (part == null || part.isEmpty()) {
      throw new BadRequestException("Invalid %s in %s: must not be empty", what, whole);
    }
    if (part.length() > MAX_LENGTH) {
      throw new BadRequestException("Invalid %s in %s: longer than %d characters", what, whole, MAX_LENGTH);
    }
    for (int i = 0; i < part.length(); i++) {
      if (Character.isISOControl(part.charAt(i))) {
        throw new BadRequestException(
            "Invalid %s %s: contains the control character U+%04X", what, whole, (int) part.charAt(i));
      }
    }
  }
}
