package dev.floe.catalog.iceberg;

import org.apache.iceberg.exceptions.NotFoundException;

/** The {@code warehouse} (catalog) a client named does not exist. */
public class NoSuchWarehouseException extends NotFoundException {
  public NoSuchWarehouseException(String message, Object... args) {
    super(message, args);
  }
}
