package dev.floe.catalog.management.api;

import dev.floe.catalog.http.ControlCharacters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.exceptions.BadRequestException;

/** Checks of request fields; every refusal a {@link BadRequestException} naming the request and the field. */
final class RequestFields {
  private RequestFields() {}

  static String required(String value, String field, String what) {
    if (value == null) {
      throw new BadRequestException("Invalid %s: missing %s", what, field);
    }
    return value;
  }

  /** An object of strings without control characters; empty when absent. */
  static Map<String, String> stringMap(Map<String, String> value, String field, String what) {
    Map<String, String> result = new LinkedHashMap<>();
    if (value == null) {
      return result;
    }
    value.forEach((key, text) -> {
      if (text == null) {
        throw new BadRequestException("Invalid %s: %s.%s must be a string", what, field, key);
      }
      ControlCharacters.refuse(key, what + ": key of " + field);
      ControlCharacters.refuseInText(text, what + ": " + field + "." + key);
      result.put(key, text);
    });
    return result;
  }

  /** An array of strings; empty when absent. */
  static List<String> strings(List<String> value, String field, String what) {
    if (value == null) {
      return new ArrayList<>();
    }
    if (value.contains(null)) {
      throw new BadRequestException("Invalid %s: %s must be an array of strings", what, field);
    }
    return new ArrayList<>(value);
  }
}
