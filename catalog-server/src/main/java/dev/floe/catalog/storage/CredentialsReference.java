package dev.floe.catalog.storage;

import static java.util.Objects.requireNonNull;

import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.iceberg.exceptions.BadRequestException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Where a catalog's S3 keys come from, as stored in the catalog property {@code s3.credentials}:
 * {@code env:NAME} means the environment variables {@code NAME_ACCESS_KEY_ID} and {@code
 * NAME_SECRET_ACCESS_KEY} (and, if set, {@code NAME_SESSION_TOKEN}) of the server process. Only
 * the reference is stored; the keys themselves never reach PostgreSQL, an API response or a log.
 *
 * @param variablePrefix {@code NAME}: upper-case letters, digits and {@code _}
 */
public record CredentialsReference(String variablePrefix) {
  private static final String ENV = "env:";
  private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,127}");

  public CredentialsReference {
    requireNonNull(variablePrefix, "variablePrefix is null");
    if (!NAME.matcher(variablePrefix).matches()) {
      throw new IllegalArgumentException("Invalid environment variable prefix: " + variablePrefix);
    }
  }

  /** Parses {@code env:NAME}; {@link BadRequestException} naming {@code property} otherwise. */
  public static CredentialsReference parse(String property, String value) {
    if (value == null || value.isBlank()) {
      throw new BadRequestException(
          "Missing catalog property %s: set it to env:NAME, where the server process has the"
              + " environment variables NAME_ACCESS_KEY_ID and NAME_SECRET_ACCESS_KEY",
          property);
    }
    if (!value.startsWith(ENV) || !NAME.matcher(value.substring(ENV.length())).matches()) {
      // the value may be a pasted secret: never echo it
      throw new BadRequestException(
          "Invalid catalog property %s: expected env:NAME (NAME in upper-case letters, digits and '_'),"
              + " a reference to the server's environment, never the keys themselves",
          property);
    }
    return new CredentialsReference(value.substring(ENV.length()));
  }

  public String accessKeyIdVariable() {
    return variablePrefix + "_ACCESS_KEY_ID";
  }

  public String secretAccessKeyVariable() {
    return variablePrefix + "_SECRET_ACCESS_KEY";
  }

  public String sessionTokenVariable() {
    return variablePrefix + "_SESSION_TOKEN";
  }

  /**
   * The keys from {@code environment}; {@link MissingCredentialsException} naming the variables
   * (never their values) when one is unset or empty.
   */
  public AwsCredentials resolve(Function<String, String> environment) {
    String accessKeyId = environment.apply(accessKeyIdVariable());
    String secretAccessKey = environment.apply(secretAccessKeyVariable());
    if (accessKeyId == null || accessKeyId.isEmpty() || secretAccessKey == null || secretAccessKey.isEmpty()) {
      throw new MissingCredentialsException(
          String.format(
              "the server process has no S3 credentials in %s and %s",
              accessKeyIdVariable(), secretAccessKeyVariable()));
    }
    String sessionToken = environment.apply(sessionTokenVariable());
    if (sessionToken != null && !sessionToken.isEmpty()) {
      return AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken);
    }
    return AwsBasicCredentials.create(accessKeyId, secretAccessKey);
  }

  @Override
  public String toString() {
    return ENV + variablePrefix;
  }

  /** The referenced environment variables are missing. */
  public static final class MissingCredentialsException extends RuntimeException {
    public MissingCredentialsException(String message) {
      super(message);
    }
  }
}
