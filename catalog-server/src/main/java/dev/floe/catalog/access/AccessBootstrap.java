package dev.floe.catalog.access;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.config.FloeConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * At start-up (after Flyway's migration): loads principals and grants, starts following their
 * changes, and on a database without principals creates the root principal as a member of the
 * service administrators' principal role. Its credentials come from {@code
 * FLOE_BOOTSTRAP_CREDENTIALS=<client-id>:<secret>}; without it Floe generates them, writes them
 * once to {@code <data-dir>/root-credentials} (mode 0600, never overwritten) and prints them to
 * standard output (never to the log).
 */
@ApplicationScoped
public class AccessBootstrap {
  public static final String ROOT = "root";
  public static final String CREDENTIALS_FILE = "root-credentials";

  private static final Logger LOG = Logger.getLogger(AccessBootstrap.class);
  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._~-]{1,255}");
  private static final int MIN_SECRET_LENGTH = 16;
  private static final int MAX_SECRET_LENGTH = 1024;

  private final PostgresAccessStore store;
  private final BootstrapConfig bootstrap;
  private final FloeConfig config;

  @Inject
  public AccessBootstrap(PostgresAccessStore store, BootstrapConfig bootstrap, FloeConfig config) {
    this.store = store;
    this.bootstrap = bootstrap;
    this.config = config;
  }

  void onStart(@Observes @Priority(10) StartupEvent event) {
    // a malformed setting stops the start even when it would not be used: fix it before it matters
    Optional<ClientCredentials> configured = bootstrap.credentials().map(AccessBootstrap::parse);
    store.start();
    if (store.anyPrincipalExists()) {
      if (configured.isPresent()) {
        LOG.info("FLOE_BOOTSTRAP_CREDENTIALS is only used on a database without principals; ignored");
      }
      return;
    }
    bootstrap(store, configured, Path.of(config.dataDir()), System.out);
  }

  /**
   * Creates the root principal unless a principal exists; returns whether it did. With {@code
   * configured} empty, generates the credentials, writes them to {@code dataDir/root-credentials}
   * inside the creating transaction and prints them to {@code out}.
   */
  public static boolean bootstrap(
      PostgresAccessStore store, Optional<ClientCredentials> configured, Path dataDir, PrintStream out) {
    if (configured.isPresent()) {
      ClientCredentials credentials = configured.get();
      boolean created = store.bootstrapRoot(ROOT, credentials.clientId(), credentials.secret(), () -> {});
      if (created) {
        LOG.infof("Created principal %s (service administrator) with the credentials of FLOE_BOOTSTRAP_CREDENTIALS", ROOT);
      }
      return created;
    }
    Path file = dataDir.toAbsolutePath().normalize().resolve(CREDENTIALS_FILE);
    if (Files.exists(file)) {
      throw new IllegalStateException(
          "The database has no principals, but "
              + file
              + " already exists (left from an earlier database?). Floe never overwrites it: move it away to"
              + " generate new root credentials, or set FLOE_BOOTSTRAP_CREDENTIALS=<client-id>:<secret>");
    }
    ClientCredentials generated = new ClientCredentials(Secrets.newClientId(), Secrets.newSecret());
    boolean created =
        store.bootstrapRoot(ROOT, generated.clientId(), generated.secret(), () -> writeOnce(file, generated));
    if (created) {
      out.printf(
          "%nFloe created the root principal (service administrator).%n"
              + "  client id:     %s%n  client secret: %s%n"
              + "These credentials are shown once and were written to %s (mode 0600).%n%n",
          generated.clientId(), generated.secret(), file);
      out.flush();
      LOG.infof("Created principal %s (service administrator); its credentials are in %s", ROOT, file);
    }
    return created;
  }

  /** Parses {@code <client-id>:<secret>}; the message of a malformed value never shows the secret. */
  public static ClientCredentials parse(String value) {
    if (value == null) {
      throw new IllegalStateException("Invalid FLOE_BOOTSTRAP_CREDENTIALS: expected <client-id>:<secret>");
    }
    int colon = value.indexOf(':');
    if (colon < 0) {
      throw new IllegalStateException(
          "Invalid FLOE_BOOTSTRAP_CREDENTIALS: expected <client-id>:<secret>, found no ':'");
    }
    String clientId = value.substring(0, colon);
    String secret = value.substring(colon + 1);
    if (!CLIENT_ID.matcher(clientId).matches()) {
      throw new IllegalStateException(
          "Invalid FLOE_BOOTSTRAP_CREDENTIALS: the client id before ':' must be 1 to 255 letters, digits, '.', '_', '~' or '-'");
    }
    if (secret.length() < MIN_SECRET_LENGTH || secret.length() > MAX_SECRET_LENGTH) {
      throw new IllegalStateException(
          "Invalid FLOE_BOOTSTRAP_CREDENTIALS: the secret after ':' must be %d to %d characters long, got %d"
              .formatted(MIN_SECRET_LENGTH, MAX_SECRET_LENGTH, secret.length()));
    }
    if (secret.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
      throw new IllegalStateException(
          "Invalid FLOE_BOOTSTRAP_CREDENTIALS: the secret must not contain spaces or control characters");
    }
    return new ClientCredentials(clientId, secret);
  }

  /**
   * Writes the credentials to a new file with mode 0600: a temporary file (created 0600) linked to
   * its final name, which fails when the name exists, so the file appears complete or not at all
   * and is never overwritten.
   */
  static void writeOnce(Path file, ClientCredentials credentials) {
    Path temporary = null;
    try {
      Files.createDirectories(file.getParent());
      temporary =
          Files.createTempFile(
              file.getParent(),
              "." + CREDENTIALS_FILE,
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(
          temporary,
          "# Floe root principal, created on first start. Keep it secret.\n"
              + "client_id=" + credentials.clientId() + "\n"
              + "client_secret=" + credentials.secret() + "\n",
          StandardCharsets.UTF_8);
      Files.createLink(file, temporary);
    } catch (FileAlreadyExistsException e) {
      throw new IllegalStateException(file + " already exists; Floe never overwrites it", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the root credentials to " + file, e);
    } finally {
      if (temporary != null) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException e) {
          LOG.warnf("Cannot delete %s: %s", temporary, e.getMessage());
        }
      }
    }
  }

  /** A client id and secret. */
  public record ClientCredentials(String clientId, String secret) {
    public ClientCredentials {
      requireNonNull(clientId, "clientId is null");
      requireNonNull(secret, "secret is null");
    }

    @Override
    public String toString() {
      return "ClientCredentials[clientId=" + clientId + ", secret=****]";
    }
  }
}
