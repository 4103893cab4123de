package dev.floe.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Floe's HTTP APIs as the command line uses them: signs in once (client credentials exchanged at
 * {@code /api/catalog/v1/oauth/tokens} with scope {@code PRINCIPAL_ROLE:ALL}, or a given token),
 * sends JSON and reads JSON; an error answer becomes a {@link ServerException} with the status and
 * Floe's message. The token is never printed.
 */
public final class FloeClient {
  public static final String MANAGEMENT = "/api/management/v1";
  public static final String CATALOG = "/api/catalog/v1";
  static final String TOKENS = CATALOG + "/oauth/tokens";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SignIn signIn;
  private final Transport transport;
  private String token;

  public FloeClient(SignIn signIn, Transport transport) {
    this.signIn = requireNonNull(signIn, "signIn is null");
    this.transport = requireNonNull(transport, "transport is null");
    this.token = signIn.token().orElse(null);
  }

  public JsonNode get(String path) {
    return send("GET", path, Map.of(), Optional.empty());
  }

  public JsonNode get(String path, Map<String, String> query) {
    return send("GET", path, query, Optional.empty());
  }

  public JsonNode post(String path, JsonNode body) {
    return send("POST", path, Map.of(), Optional.of(body));
  }

  /** A POST without a body. */
  public JsonNode post(String path) {
    return send("POST", path, Map.of(), Optional.empty());
  }

  public JsonNode put(String path) {
    return send("PUT", path, Map.of(), Optional.empty());
  }

  public JsonNode patch(String path, JsonNode body) {
    return send("PATCH", path, Map.of(), Optional.of(body));
  }

  public JsonNode delete(String path) {
    return send("DELETE", path, Map.of(), Optional.empty());
  }

  /** One path segment, percent-encoded (a name with spaces or slashes stays one segment). */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A namespace in an Iceberg REST path: its levels joined by the unit separator, encoded. */
  public static String namespace(List<String> levels) {
    StringJoiner joined = new StringJoiner("%1F");
    levels.forEach(level -> joined.add(segment(level)));
    return joined.toString();
  }

  private JsonNode send(String method, String path, Map<String, String> query, Optional<JsonNode> body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + token());
    headers.put("Accept", "application/json");
    body.ifPresent(ignored -> headers.put("Content-Type", "application/json"));
    Transport.Answer answer = call(new Transport.Call(method, uri(path, query), headers, body.map(FloeClient::write)));
    if (answer.status() >= 400) {
      throw new ServerException(answer.status(), message(answer));
    }
    if (answer.body().isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(answer.body());
    } catch (JsonProcessingException e) {
      throw new CliException("Floe answered " + method + " " + path + " with something other than JSON (HTTP " + answer.status() + ")");
    }
  }

  private String token() {
    if (token == null) {
      ClientCredentials credentials = signIn.credentials().orElseThrow();
      String form =
          "grant_type=client_credentials&client_id=" + form(credentials.clientId()) + "&client_secret=" + form(credentials.clientSecret())
              + "&scope=" + form("PRINCIPAL_ROLE:ALL");
      Transport.Answer answer =
          call(
              new Transport.Call(
                  "POST",
                  signIn.baseUri().resolve(TOKENS),
                  Map.of("Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json"),
                  Optional.of(form)));
      if (answer.status() >= 400) {
        throw new CliException("Sign-in failed for client " + credentials.clientId() + ": HTTP " + answer.status() + ": " + message(answer));
      }
      try {
        JsonNode tokens = JSON.readTree(answer.body());
        token = tokens.path("access_token").asText(null);
      } catch (JsonProcessingException e) {
        token = null;
      }
      if (token == null || token.isEmpty()) {
        throw new CliException("Sign-in failed: the token endpoint answered without an access_token");
      }
    }
    return token;
  }

  private Transport.Answer call(Transport.Call call) {
    try {
      return transport.send(call);
    } catch (IOException e) {
      throw new CliException("Cannot reach Floe at " + signIn.baseUri() + ": " + e.getMessage(), e);
    }
  }

  private URI uri(String path, Map<String, String> query) {
    StringJoiner parameters = new StringJoiner("&", "?", "");
    parameters.setEmptyValue("");
    query.forEach((name, value) -> parameters.add(form(name) + "=" + form(value)));
    return URI.create(signIn.baseUri() + path + parameters);
  }

  private static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * Floe's message in an error answer: Iceberg's {@code {"error": {"message", ...}}}, or RFC 6749's
   * {@code {"error", "error_description"}}, or the body itself when it is short text.
   */
  static String message(Transport.Answer answer) {
    String body = answer.body().strip();
    try {
      JsonNode error = JSON.readTree(body);
      if (error != null && error.path("error").isObject() && error.path("error").path("message").isTextual()) {
        return error.path("error").path("message").asText();
      }
      if (error != null && error.path("error").isTextual()) {
        String description = error.path("error_description").asText("");
        return error.path("error").asText() + (description.isEmpty() ? "" : ": " + description);
      }
    } catch (JsonProcessingException e) {
      // not JSON: below
    }
    if (body.isEmpty()) {
      return reason(answer.status());
    }
    String line = body.replaceAll("\\s+", " ");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 415 -> "Unsupported Media Type";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "no message";
    };
  }

  static String write(JsonNode body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
