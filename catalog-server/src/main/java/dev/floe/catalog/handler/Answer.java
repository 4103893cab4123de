package dev.floe.catalog.handler;

import dev.floe.catalog.http.IcebergErrors;
import dev.floe.catalog.http.IcebergExceptionMapper;
import dev.floe.catalog.http.IcebergJson;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.ErrorResponseParser;

/**
 * What a change answers, in the form an {@code Idempotency-Key} keeps and replays: a status and
 * the JSON body (none for 204), and whether it is a replay of the first request's answer.
 */
public record Answer(int status, byte[] body, boolean replayed) {
  /** 200 with an Iceberg response object as its body. */
  public static Answer ok(Object response) {
    return new Answer(200, IcebergJson.write(response), false);
  }

  public static Answer noContent() {
    return new Answer(204, null, false);
  }

  /** The error answer of a failed change (logged as the exception mapper logs it). */
  static Answer error(RuntimeException error) {
    ErrorResponse response = IcebergErrors.response(IcebergExceptionMapper.log(error));
    return error(response);
  }

  static Answer error(ErrorResponse response) {
    return new Answer(response.code(), ErrorResponseParser.toJson(response).getBytes(StandardCharsets.UTF_8), false);
  }

  /** The same answer, marked as a replay. */
  Answer asReplay() {
    return new Answer(status, body, true);
  }

  /** The body as text; null for none. */
  public String text() {
    return body == null ? null : new String(body, StandardCharsets.UTF_8);
  }

  /** The error this answer carries; empty for a success. */
  public Optional<ErrorResponse> error() {
    if (status < 400) {
      return Optional.empty();
    }
    if (body != null) {
      try {
        return Optional.of(ErrorResponseParser.fromJson(text()));
      } catch (RuntimeException e) {
        // not an Iceberg error body: the status says it failed
      }
    }
    return Optional.of(
        ErrorResponse.builder().responseCode(status).withType("HTTP " + status).withMessage("HTTP " + status).build());
  }
}
