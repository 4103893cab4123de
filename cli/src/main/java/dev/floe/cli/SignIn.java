package dev.floe.cli;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where Floe is and how to sign in to it, from the command line's options and the environment, in
 * this order: {@code --credentials-file}; {@code FLOE_TOKEN} (a bearer token, used as it is);
 * {@code FLOE_CLIENT_ID} and {@code FLOE_CLIENT_SECRET}; {@code FLOE_CREDENTIALS_FILE}; the
 * embedded default's {@code root-credentials} in {@code FLOE_DATA_DIR} or {@code ./floe-data}.
 */
public record SignIn(URI baseUri, Optional<String> token, Optional<ClientCredentials> credentials) {
  public static final String DEFAULT_URI = "http://localhost:8181";
  static final String NO_CREDENTIALS =
      "No credentials: set FLOE_TOKEN, or FLOE_CLIENT_ID and FLOE_CLIENT_SECRET, or give --credentials-file a file with"
          + " client_id= and client_secret= lines (the embedded default writes floe-data/root-credentials)";

  public SignIn {
    requireNonNull(baseUri, "baseUri is null");
    requireNonNull(token, "token is null");
    requireNonNull(credentials, "credentials is null");
    if (token.isPresent() == credentials.isPresent()) {
      throw new IllegalArgumentException("exactly one of token and credentials");
    }
  }

  /**
   * Resolves the sign-in; {@code uriOption} and {@code credentialsFileOption} are the command
   * line's options (null when not given), {@code workingDirectory} where relative defaults are.
   */
  public static SignIn resolve(
      String uriOption, Path credentialsFileOption, Map<String, String> environment, Path workingDirectory) {
    URI baseUri = baseUri(uriOption != null ? uriOption : value(environment, "FLOE_URI").orElse(DEFAULT_URI));
    if (credentialsFileOption != null) {
      return new SignIn(baseUri, Optional.empty(), Optional.of(CredentialsFile.read(credentialsFileOption)));
    }
    Optional<String> token = value(environment, "FLOE_TOKEN");
    if (token.isPresent()) {
      return new SignIn(baseUri, token, Optional.empty());
    }
    Optional<String> clientId = value(environment, "FLOE_CLIENT_ID");
    Optional<String> clientSecret = value(environment, "FLOE_CLIENT_SECRET");
    if (clientId.isPresent() != clientSecret.isPresent()) {
      throw new CliException(
          clientId.isPresent() ? "FLOE_CLIENT_ID is set but FLOE_CLIENT_SECRET is not" : "FLOE_CLIENT_SECRET is set but FLOE_CLIENT_ID is not");
    }
    if (clientId.isPresent()) {
      return new SignIn(baseUri, Optional.empty(), Optional.of(new ClientCredentials(clientId.get(), clientSecret.get())));
    }
    Optional<String> file = value(environment, "FLOE_CREDENTIALS_FILE");
    if (file.isPresent()) {
      return new SignIn(baseUri, Optional.empty(), Optional.of(CredentialsFile.read(workingDirectory.resolve(file.get()))));
    }
    Path dataDirectory = workingDirectory.resolve(value(environment, "FLOE_DATA_DIR").orElse("floe-data"));
    Path embedded = dataDirectory.resolve("root-credentials");
    if (Files.isRegularFile(embedded)) {
      return new SignIn(baseUri, Optional.empty(), Optional.of(CredentialsFile.read(embedded)));
    }
    throw new CliException(NO_CREDENTIALS);
  }

  /**
   * Floe's base URL: {@code http://host:port}, also accepted with the Iceberg catalog's
   * {@code /api/catalog} suffix or a trailing slash.
   */
  static URI baseUri(String value) {
    String uri = value.strip();
    while (uri.endsWith("/")) {
      uri = uri.substring(0, uri.length() - 1);
    }
    if (uri.endsWith("/api/catalog")) {
      uri = uri.substring(0, uri.length() - "/api/catalog".length());
    }
    URI parsed;
    try {
      parsed = URI.create(uri);
    } catch (IllegalArgumentException e) {
      throw new CliException("Invalid Floe URI " + value + ": " + e.getMessage());
    }
    if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme()) || parsed.getHost() == null) {
      throw new CliException("Invalid Floe URI " + value + ": expected http://host:port or https://host:port");
    }
    return parsed;
  }

  private static Optional<String> value(Map<String, String> environment, String name) {
    return Optional.ofNullable(environment.get(name)).map(String::strip).filter(value -> !value.isEmpty());
  }
}
