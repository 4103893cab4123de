package dev.floe.catalog.metastore;

/** A catalog cannot be dropped while it holds namespaces: 409 Conflict. */
public class CatalogNotEmptyException extends RuntimeException {
  public CatalogNotEmptyException(String message, Object... args) {
    super(String.format(message, args));
  }
}
