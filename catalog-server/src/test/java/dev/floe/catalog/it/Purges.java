package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** The background purges of the IT server, as its management API shows them. */
final class Purges {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Purges() {}

  /** The newest purge job of {@code table} ({@code namespace.name}) in {@code catalog}. */
  static Optional<JsonNode> find(String catalog, String table) {
    HttpResponse<String> response = RestCalls.getFromServer("/api/management/v1/catalogs/" + catalog + "/purges");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    try {
      for (JsonNode job : JSON.readTree(response.body()).get("purges")) {
        if (job.get("table").asText().equals(table)) {
          return Optional.of(job);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return Optional.empty();
  }

  /** Waits until the purge of {@code table} is done (at most {@code timeout}) and returns the job. */
  static JsonNode awaitDone(String catalog, String table, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      Optional<JsonNode> job = find(catalog, table);
      if (job.isPresent()) {
        last = job.get();
        if (last.get("status").asText().equals("DONE")) {
          return last;
        }
        assertThat(last.get("status").asText()).as("purge of %s: %s", table, last).isNotEqualTo("FAILED");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("The purge of " + catalog + "." + table + " is not done after " + timeout + ": " + last);
  }
}
