package dev.floe.catalog.handler;


import dev.floe.policy.Operation;
import dev.floe.catalog.config.FloeConfig;
import dev.floe.catalog.metastore.IdempotencyRecord;
import dev.floe.catalog.metastore.IdempotencyStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
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
   * Runs {@code action} once per key of {@code principal}; without a key, simply runs it (its
   * exceptions propagate). The request is identified by its operation, resource and body: the
   * same principal's key with another request is refused (422). With a key, a failure is an error
   * answer, kept for replays like any final answer.
   */
  public Answer execute(
      String principal,
      String key,
      Operation operation,
      String resource,
      byte[] body,
      Supplier<Answer> action) {
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

    Answer answer;
    try {
      answer = action.get();
    } catch (RuntimeException e) {
      answer = Answer.error(e);
    } catch (Error e) {
      store.release(principal, key);
      throw e;
    }
    if (isFinal(answer.status())) {
      store.complete(principal, key, answer.status(), answer.text());
    } else {
      store.release(principal, key);
    }
    return answer;
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

  private static Answer replay(IdempotencyRecord record, Operation operation, String resource) {
    if (!record.operation().equals(operation.name()) || !record.resource().equals(resource)) {
      return Answer.error(
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
    byte[] body = record.responseBody() == null ? null : record.responseBody().getBytes(StandardCharsets.UTF_8);
    return new Answer(record.httpStatus(), body, true);
  }
}
