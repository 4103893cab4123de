package dev.floe.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A credential file: {@code client_id=...} and {@code client_secret=...} lines, blank lines and
 * {@code #} comments, as the embedded default writes {@code floe-data/root-credentials}. Messages
 * about a malformed file name the line and the key, never a value.
 */
public final class CredentialsFile {
  private CredentialsFile() {}

  /** Reads and parses {@code file}. */
  public static ClientCredentials read(Path file) {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new CliException("Credential file " + file + " does not exist");
    } catch (IOException e) {
      throw new CliException("Cannot read credential file " + file + ": " + e.getMessage());
    }
    return parse(content, file.toString());
  }

  /** Parses the content of a credential file; {@code source} names it in messages. */
  public static ClientCredentials parse(String content, String source) {
    String clientId = null;
    String clientSecret = null;
    String[] lines = content.split("\r?\n", -1);
    for (int index = 0; index < lines.length; index++) {
      String line = lines[index].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int equals = line.indexOf('=');
      if (equals <= 0) {
        throw new CliException("Credential file %s, line %d: expected key=value".formatted(source, index + 1));
      }
      String key = line.substring(0, equals).strip();
      String value = unquote(line.substring(equals + 1).strip());
      switch (key) {
        case "client_id", "client-id" -> clientId = value;
        case "client_secret", "client-secret" -> clientSecret = value;
        default ->
            throw new CliException(
                "Credential file %s, line %d: unknown key %s (expected client_id and client_secret)".formatted(source, index + 1, key));
      }
    }
    if (clientId == null || clientId.isEmpty()) {
      throw new CliException("Credential file " + source + " has no client_id line");
    }
    if (clientSecret == null || clientSecret.isEmpty()) {
      throw new CliException("Credential file " + source + " has no client_secret line");
    }
    return new ClientCredentials(clientId, clientSecret);
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
