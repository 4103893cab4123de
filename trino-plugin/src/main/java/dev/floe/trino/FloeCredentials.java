package dev.floe.trino;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The bearer token the plugin presents to Floe. */
public interface FloeCredentials {
  /**
   * The token to send now.
   *
   * @throws PolicyServiceUnavailableException when no valid token can be had
   */
  String bearerToken();

  /** The source the configuration names: a client credential or a token file. */
  static FloeCredentials from(FloePluginConfig config) {
    if (config.tokenFile().isPresent()) {
      return new TokenFile(config.tokenFile().get());
    }
    return new ClientCredentials(
        config.uri().resolve(config.uri().getPath() + "/api/catalog/v1/oauth/tokens"),
        config.clientId().orElseThrow(),
        config.clientSecret().orElseThrow(),
        config.tokenRefreshMargin(),
        config.connectTimeout(),
        config.requestTimeout(),
        Clock.systemUTC());
  }

  /** A token kept in a file (mounted from a secret), read again whenever the file changes. */
  final class TokenFile implements FloeCredentials {
    private final Path file;
    private FileTime readAt;
    private String token;

    TokenFile(Path file) {
      this.file = file;
    }

    @Override
    public synchronized String bearerToken() {
      try {
        FileTime modified = Files.getLastModifiedTime(file);
        if (token == null || !modified.equals(readAt)) {
          String read = Files.readString(file).trim();
          if (read.isEmpty()) {
            throw new PolicyServiceUnavailableException("token file " + file + " is empty");
          }
          token = read;
          readAt = modified;
        }
        return token;
      } catch (IOException e) {
        throw new PolicyServiceUnavailableException("token file " + file + " cannot be read: " + e.getMessage(), e);
      }
    }
  }

  /**
   * The plugin's own Floe client credential, exchanged for a token at Floe's token endpoint and
   * exchanged again {@code refreshMargin} before the token expires.
   */
  final class ClientCredentials implements FloeCredentials {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI tokenEndpoint;
    private final String clientId;
    private final String clientSecret;
    private final Duration refreshMargin;
    private final Duration requestTimeout;
    private final Clock clock;
    private final HttpClient http;
    private String token;
    private Instant refreshAt = Instant.MIN;

    ClientCredentials(
        URI tokenEndpoint,
        String clientId,
        String clientSecret,
        Duration refreshMargin,
        Duration connectTimeout,
        Duration requestTimeout,
        Clock clock) {
      this.tokenEndpoint = tokenEndpoint;
      this.clientId = clientId;
      this.clientSecret = clientSecret;
      this.refreshMargin = refreshMargin;
      this.requestTimeout = requestTimeout;
      this.clock = clock;
      this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    @Override
    public synchronized String bearerToken() {
      if (token == null || !clock.instant().isBefore(refreshAt)) {
        fetch();
      }
      return token;
    }

    private void fetch() {
      String form =
          "grant_type=client_credentials&client_id=%s&client_secret=%s"
              .formatted(encode(clientId), encode(clientSecret));
      HttpRequest request =
          HttpRequest.newBuilder(tokenEndpoint)
              .timeout(requestTimeout)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form))
              .build();
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new PolicyServiceUnavailableException("Floe's token endpoint " + tokenEndpoint + " is unreachable: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PolicyServiceUnavailableException("interrupted while asking Floe for a token", e);
      }
      if (response.statusCode() != 200) {
        throw new PolicyServiceUnavailableException(
            "Floe refused the plugin's client credential (HTTP %d): %s".formatted(response.statusCode(), response.body()));
      }
      try {
        JsonNode body = JSON.readTree(response.body());
        String accessToken = body.path("access_token").asText("");
        if (accessToken.isEmpty()) {
          throw new PolicyServiceUnavailableException("Floe's token answer has no access_token");
        }
        long expiresIn = body.path("expires_in").asLong(300);
        Instant now = clock.instant();
        Duration lifetime = Duration.ofSeconds(expiresIn);
        // refresh at the margin before expiry, but never later than half the lifetime
        Duration beforeRefresh = lifetime.minus(refreshMargin);
        if (beforeRefresh.compareTo(lifetime.dividedBy(2)) < 0) {
          beforeRefresh = lifetime.dividedBy(2);
        }
        token = accessToken;
        refreshAt = now.plus(beforeRefresh);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static String encode(String value) {
      return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
  }
}
