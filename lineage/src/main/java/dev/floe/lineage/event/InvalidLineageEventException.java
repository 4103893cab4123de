package dev.floe.lineage.event;

/** An event that is not a valid OpenLineage run event; the message names the input at fault. */
public final class InvalidLineageEventException extends RuntimeException {
  public InvalidLineageEventException(String message) {
    super(message);
  }

  public InvalidLineageEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
