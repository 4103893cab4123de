package dev.floe.catalog.rest;

import dev.floe.policy.Operation;
import dev.floe.catalog.config.FloeConfig;
import dev.floe.catalog.metastore.IdempotencyRecord;
import dev.floe.catalog.metastore.IdempotencyStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.ErrorResponseParser;
import org.jboss.logging.Logger;

/**
 * {@code Idempotency-Key} handling (Iceberg REST spec 1.11): the first request with a key runs;
 * its 2xx or deterministic 4xx answer is kept in PostgreSQL for the advertised lifetime and
 * replayed to every retry with the same key, on any Floe node. A 5xx is never kept, so a retry
 * after a server failure runs again. Keys are scoped per principal, in storage as in replay: a
 * principal never meets (nor learns of) another principal's request with the same key.
 */
@ApplicationScoped
public class Idempotency {
  public static final String HEADER = "Idempotency-Key";
  /** Set on an answer replayed from the first request with the same key. */
  static final String REPLAYED_HEADER = "Idempotent-Replayed";
  private static final Logger LOG = Logger.getLogger(Idempotency.class);

  private final IdempotencyStore store;
  private final Duration lifetime;
  private ScheduledExecutorService cleaner;

  @Inject
  public Idempotency(IdempotencyStore store, FloeConfig config) {
    this.store = store;
    this.lifetime = config.idempotency().lifetime();
  }

  public Duration lifetime() {
    return lifetime;
  }

  void startCleaner(@Observes StartupEvent event) {
    cleaner =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "floe-idempotency-cleaner");
              thread.setDaemon(true);
              return thread;
            });
    cleaner.scheduleWithFixedDelay(this::deleteExpired, 1, 5, TimeUnit.MINUTES);
  }

  void stopCleaner(@Observes ShutdownEvent event) {
    if (cleaner != null) {
      cleaner.shutdownNow();
    }
  }

  private void deleteExpired() {
    try {
      int deleted = store.deleteExpired(Instant.now());
      if (deleted > 0) {
        LOG.debugf("Deleted %d expired idempotency records", deleted);
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not delete expired idempotency records", e);
    }
  }

  /**
   * Runs {@code action} once per key of {@code principal}; without a key, simply runs it. The
   * request is identified by its operation, resource and body: the same principal's key with
   * another request is refused (422).
   */
  public Response execute(
      String principal,
      String key,
      Operation operation,
      String resource,
      byte[] body,
      Supplier<Response> action) {
    if (key == null) {
      return action.get();
    }
    validate(key);
    String request = resource + "#" + fingerprint(body);
    Optional<IdempotencyRecord> existing =
        store.claim(principal, key, operation.name(), request, Instant.now().plus(lifetime));
    if (existing.isPresent()) {
      return replay(existing.get(), operation, request);
    }

    Response response;
    try {
      response = action.get();
    } catch (RuntimeException e) {
      response = IcebergExceptionMapper.toResponse(IcebergErrors.response(IcebergExceptionMapper.log(e)));
    } catch (Error e) {
      store.release(principal, key);
      throw e;
    }
    if (isFinal(response.getStatus())) {
      store.complete(principal, key, response.getStatus(), bodyOf(response));
    } else {
      store.release(principal, key);
    }
    return response;
  }

  private static String fingerprint(byte[] body) {
    if (body == null || body.length == 0) {
      return "-";
    }
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void validate(String key) {
    try {
      UUID.fromString(key);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("Invalid Idempotency-Key header %s: must be a UUID", key);
    }
    if (key.length() != 36) {
      throw new BadRequestException("Invalid Idempotency-Key header %s: must be a UUID", key);
    }
  }

  /** 2xx and the 4xx that the same request would get again are kept; the rest may change. */
  private static boolean isFinal(int status) {
    return (status >= 200 && status < 300)
        || (status >= 400 && status < 500 && status != 401 && status != 403 && status != 408 && status != 429);
  }

  /**
   * The error an answer of {@link #execute} carries: a failed action's, run now or replayed; empty
   * for a success.
   */
  static Optional<ErrorResponse> error(Response response) {
    if (response.getStatus() < 400) {
      return Optional.empty();
    }
    String body = bodyOf(response);
    if (body != null) {
      try {
        return Optional.of(ErrorResponseParser.fromJson(body));
      } catch (RuntimeException e) {
        // not an Iceberg error body: the status says it failed
      }
    }
    return Optional.of(
        ErrorResponse.builder()
            .responseCode(response.getStatus())
            .withType("HTTP " + response.getStatus())
            .withMessage("HTTP " + response.getStatus())
            .build());
  }

  private static String bodyOf(Response response) {
    Object entity = response.getEntity();
    if (entity == null) {
      return null;
    } else if (entity instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    return entity.toString();
  }

  private static Response replay(
      IdempotencyRecord record, Operation operation, String resource) {
    if (!record.operation().equals(operation.name()) || !record.resource().equals(resource)) {
      return IcebergExceptionMapper.toResponse(
          ErrorResponse.builder()
              .responseCode(422)
              .withType("UnprocessableEntityException")
              .withMessage(
                  String.format(
                      "Idempotency-Key %s was already used by this principal for a different request (%s)",
                      record.key(), record.operation()))
              .build());
    }
    if (!record.completed()) {
      throw new CommitFailedException(
          "A request with Idempotency-Key %s is still in progress; retry later", record.key());
    }
    Response.ResponseBuilder builder =
        Response.status(record.httpStatus()).header(REPLAYED_HEADER, "true");
    if (record.responseBody() != null) {
      builder.type(MediaType.APPLICATION_JSON_TYPE).entity(record.responseBody().getBytes(StandardCharsets.UTF_8));
    }
    return builder.build();
  }
}
