package dev.floe.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@link Transport} over {@code java.net.http}. */
public final class HttpTransport implements Transport {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

  @Override
  public Answer send(Call call) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(call.uri()).timeout(REQUEST_TIMEOUT);
    call.headers().forEach(request::header);
    request.method(
        call.method(), call.body().map(HttpRequest.BodyPublishers::ofString).orElse(HttpRequest.BodyPublishers.noBody()));
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body() == null ? "" : response.body());
    } catch (ConnectException e) {
      throw new CliException(
          "Cannot reach Floe at " + call.uri().resolve("/") + ": connection refused (is it running? start it with ./floe serve, or set FLOE_URI or --uri)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted", e);
    }
  }
}
