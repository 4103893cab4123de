package dev.floe.audit;

/**
 * An audit event could not be accepted: the writer is closed, or its queue stayed full for longer
 * than the caller may wait because the store is failing or cannot keep up. The action being
 * audited must not go ahead (the server answers 503).
 */
public class AuditUnavailableException extends RuntimeException {
  public AuditUnavailableException(String message) {
    super(message);
  }
}
