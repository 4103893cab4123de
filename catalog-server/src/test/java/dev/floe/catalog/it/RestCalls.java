package dev.floe.catalog.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.ErrorResponseParser;

/** Raw HTTP calls to the Floe test server, for what Iceberg's client does not expose. */
final class RestCalls {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private RestCalls() {}

  static HttpResponse<String> get(String path, Map<String, String> headers) {
    return send(builder(path, headers).GET().build());
  }

  static HttpResponse<String> head(String path) {
    return send(builder(path, Map.of()).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
  }

  static HttpResponse<String> post(String path, String body, Map<String, String> headers) {
    return send(
        builder(path, headers)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  static HttpResponse<String> delete(String path, Map<String, String> headers) {
    return send(builder(path, headers).DELETE().build());
  }

  /** GET of a path under the server's base URI (e.g. the management API). */
  static HttpResponse<String> getFromServer(String path) {
    return send(
        HttpRequest.newBuilder(URI.create(FloeTestServer.baseUri() + path))
            .header("Authorization", "Bearer " + FloeTestServer.rootToken())
            .GET()
            .build());
  }

  /** POST of JSON to a path under the server's base URI (e.g. the management API). */
  static HttpResponse<String> postToServer(String path, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(FloeTestServer.baseUri() + path))
            .header("Authorization", "Bearer " + FloeTestServer.rootToken())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  static ErrorResponse error(HttpResponse<String> response) {
    return ErrorResponseParser.fromJson(response.body());
  }

  private static HttpRequest.Builder builder(String path, Map<String, String> headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(FloeTestServer.catalogUri() + path));
    if (headers.keySet().stream().noneMatch(name -> name.equalsIgnoreCase("Authorization"))) {
      builder.header("Authorization", "Bearer " + FloeTestServer.rootToken());
    }
    headers.forEach(builder::header);
    return builder;
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
