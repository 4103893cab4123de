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

  /** GET of a path under the server's base URI (e.g. the management API), as the root principal. */
  static HttpResponse<String> getFromServer(String path) {
    return toServer("GET", path, null, rootToken());
  }

  /** POST of JSON to a path under the server's base URI (e.g. the management API), as the root principal. */
  static HttpResponse<String> postToServer(String path, String body) {
    return toServer("POST", path, body, rootToken());
  }

  /** A request to a path under the server's base URI with a bearer token (none when null). */
  static HttpResponse<String> toServer(String method, String path, String body, String token) {
    return to(FloeTestServer.baseUri(), method, path, body, token);
  }

  /** As {@link #toServer}, to another server (another node) at {@code baseUri}. */
  static HttpResponse<String> to(String baseUri, String method, String path, String body, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUri + path));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      builder.header("Content-Type", "application/json");
    }
    builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return send(builder.build());
  }

  /** The access token of the root principal (FloeTestServer's bootstrap credentials), fetched once. */
  static String rootToken() {
    return FloeTestServer.rootToken();
  }

  /** The token endpoint's answer to client credentials. */
  static HttpResponse<String> tokenResponse(String clientId, String secret) {
    return Tokens.request(
        FloeTestServer.catalogUri(),
        Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret, "scope", "PRINCIPAL_ROLE:ALL"));
  }

  /** An access token for client credentials; fails when the token endpoint refuses them. */
  static String token(String clientId, String secret) {
    return Tokens.clientCredentials(FloeTestServer.catalogUri(), clientId, secret);
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
