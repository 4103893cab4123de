package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.function.Predicate;

/** Reading the management API's answers in integration tests: bodies, error messages, audit events. */
final class ManagementAnswers {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ManagementAnswers() {}

  /** The JSON body of an answer that must have this status. */
  static JsonNode json(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The message of an error answer with this status. */
  static String error(HttpResponse<String> response, int status) {
    return json(response, status).path("error").path("message").asText();
  }

  /** The newest audit event of the query that {@code wanted} accepts, once it is there (10 s at most). */
  static JsonNode awaitEvent(String query, Predicate<JsonNode> wanted) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      HttpResponse<String> response =
          RestCalls.toServer("GET", "/api/management/v1/audit/events?pageSize=1000&" + query, null, RestCalls.rootToken());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      for (JsonNode event : JSON.readTree(response.body()).path("events")) {
        if (wanted.test(event)) {
          return event;
        }
      }
      assertThat(System.nanoTime()).as("an audit event for " + query).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
