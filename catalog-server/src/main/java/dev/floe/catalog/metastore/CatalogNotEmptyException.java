package dev.floe.catalog.metastore;

import jakarta.ws.rs.ClientErrorException;

/** A catalog cannot be dropped while it holds namespaces: 409 Conflict. */
public class CatalogNotEmptyException extends ClientErrorException {
  public CatalogNotEmptyException(String message, Object... args) {
    super(String.format(message, args), 409);
  }
}
