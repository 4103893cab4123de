package dev.floe.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** Sends one HTTP request: {@link HttpTransport} over the network, hand-written fakes in tests. */
public interface Transport {
  Answer send(Call call) throws IOException;

  /** A request: method, absolute URI, headers and an optional body. */
  record Call(String method, URI uri, Map<String, String> headers, Optional<String> body) {
    public Call {
      requireNonNull(method, "method is null");
      requireNonNull(uri, "uri is null");
      headers = Map.copyOf(headers);
      requireNonNull(body, "body is null");
    }
  }

  /** An answer: status and body (empty when there is none). */
  record Answer(int status, String body) {
    public Answer {
      requireNonNull(body, "body is null");
    }
  }
}
