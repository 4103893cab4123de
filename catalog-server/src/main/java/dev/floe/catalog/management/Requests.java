package dev.floe.catalog.management;

import org.apache.iceberg.exceptions.BadRequestException;

/** Checks the management resources share for what JAX-RS hands them. */
final class Requests {
  private Requests() {}

  /** The request body; a 400 when there was none. */
  static <T> T present(T body, Class<T> type) {
    if (body == null) {
      throw new BadRequestException("Invalid %s: expected a JSON object", ManagementJsonProvider.describe(type));
    }
    return body;
  }

  /**
   * A {@code limit} query parameter: {@code defaultValue} when absent or empty, else 1 to {@code
   * max}. Taken as a String: JAX-RS answers a parameter it cannot convert with a bare 404.
   */
  static int limit(String limit, int defaultValue, int max) {
    if (limit == null || limit.isEmpty()) {
      return defaultValue;
    }
    int count;
    try {
      count = Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      count = -1;
    }
    if (count < 1 || count > max) {
      throw new BadRequestException("Invalid limit: %s (expected 1 to %d)", limit, max);
    }
    return count;
  }
}
