package dev.floe.catalog.http;

import org.apache.iceberg.exceptions.BadRequestException;

/**
 * Refuses control characters in what a client sends where none belong (names, filters, property
 * keys), with a 400 naming the input; PostgreSQL cannot store U+0000 at all, which would otherwise
 * surface as a 500.
 */
public final class ControlCharacters {
  private ControlCharacters() {}

  /** 400 naming {@code what} if {@code value} holds any control character. */
  public static void refuse(String value, String what) {
    for (int i = 0; value != null && i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw invalid(value, what, value.charAt(i));
      }
    }
  }

  /** As {@link #refuse}, but tab, line feed and carriage return are allowed (free text). */
  public static void refuseInText(String value, String what) {
    for (int i = 0; value != null && i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
        throw invalid(value, what, c);
      }
    }
  }

  /** 400 naming {@code what} if {@code value} holds U+0000, which PostgreSQL text cannot hold. */
  public static void refuseNul(String value, String what) {
    if (value != null && value.indexOf('\u0000') >= 0) {
      throw invalid(value, what, '\u0000');
    }
  }

  private static BadRequestException invalid(String value, String what, char c) {
    return new BadRequestException("Invalid %s %s: contains the control character U+%04X", what, value, (int) c);
  }
}
