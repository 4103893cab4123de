package dev.floe.catalog.metastore;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** What Floe remembers of a request a principal sent with an {@code Idempotency-Key}. */
public record IdempotencyRecord(
    String principal,
    String key,
    String operation,
    String resource,
    boolean completed,
    int httpStatus,
    String responseBody,
    Instant expiresAt) {
  public IdempotencyRecord {
    requireNonNull(principal, "principal is null");
    requireNonNull(key, "key is null");
    requireNonNull(operation, "operation is null");
    requireNonNull(resource, "resource is null");
    requireNonNull(expiresAt, "expiresAt is null");
  }
}
