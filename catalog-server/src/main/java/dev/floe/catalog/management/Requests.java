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
}
