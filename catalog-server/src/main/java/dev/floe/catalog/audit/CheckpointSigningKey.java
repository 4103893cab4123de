package dev.floe.catalog.audit;

import dev.floe.audit.chain.CheckpointKeys;
import dev.floe.catalog.config.FloeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The key pair that signs audit checkpoints and the public keys whose checkpoints verify, from
 * {@link AuditChainConfig}: never from the database.
 */
public final class CheckpointSigningKey {
  private static final Logger LOG = Logger.getLogger(CheckpointSigningKey.class);
  public static final String DEFAULT_FILE = "audit-checkpoint-key.pem";
  public static final String DEFAULT_PUBLIC_FILE = "audit-checkpoint-key.pub.pem";

  private final KeyPair keys;
  private final List<PublicKey> trusted;

  private CheckpointSigningKey(KeyPair keys, List<PublicKey> trusted) {
    this.keys = keys;
    this.trusted = List.copyOf(trusted);
  }

  /** The configured key, or the data directory's (generated at first start). */
  public static CheckpointSigningKey load(AuditChainConfig config, FloeConfig floe) {
    KeyPair keys;
    if (config.signingKey().isPresent()) {
      keys = read(config.signingKey().get(), "floe.audit.chain.signing-key");
    } else if (config.signingKeyFile().isPresent()) {
      Path file = Path.of(config.signingKeyFile().get());
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException("floe.audit.chain.signing-key-file " + file + " does not exist");
      }
      keys = read(readString(file), "floe.audit.chain.signing-key-file " + file);
    } else {
      keys = inDataDirectory(Path.of(floe.dataDir()));
    }
    List<PublicKey> trusted = new ArrayList<>();
    trusted.add(keys.getPublic());
    for (String file : config.trustedPublicKeyFiles().map(files -> List.of(files.split(","))).orElse(List.of())) {
      file = file.strip();
      try {
        trusted.add(CheckpointKeys.readPublic(readString(Path.of(file))));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("floe.audit.chain.trusted-public-key-files: " + file + ": " + e.getMessage(), e);
      }
    }
    LOG.infof("Audit checkpoints are signed with Ed25519 key %s", CheckpointKeys.keyId(keys.getPublic()));
    return new CheckpointSigningKey(keys, trusted);
  }

  private static KeyPair read(String pem, String source) {
    try {
      return CheckpointKeys.readPair(pem);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("Invalid audit checkpoint signing key in " + source + ": " + e.getMessage(), e);
    }
  }

  private static KeyPair inDataDirectory(Path dataDirectory) {
    Path file = dataDirectory.resolve(DEFAULT_FILE);
    if (Files.isRegularFile(file)) {
      return read(readString(file), file.toString());
    }
    KeyPair keys = CheckpointKeys.generate();
    try {
      Files.createDirectories(dataDirectory);
      // written whole to a file only the owner reads, then moved into place in one step: a crash or
      // another node never sees half a key
      Path written = Files.createTempFile(dataDirectory, ".audit-checkpoint-key", ".tmp");
      try {
        Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the directory's own protection applies
      }
      Files.writeString(written, CheckpointKeys.pem(keys), StandardOpenOption.WRITE);
      try {
        Files.createLink(file, written); // fails when another node's key got there first
      } finally {
        Files.deleteIfExists(written);
      }
      Files.writeString(dataDirectory.resolve(DEFAULT_PUBLIC_FILE), CheckpointKeys.publicPem(keys.getPublic()));
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // another node on the same data directory wrote it first
      return read(readString(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the audit checkpoint key to " + file, e);
    }
    LOG.infof(
        "Generated the audit checkpoint signing key %s in %s (its public half, for audit-verify, in %s); keep a copy outside the database's host",
        CheckpointKeys.keyId(keys.getPublic()), file, dataDirectory.resolve(DEFAULT_PUBLIC_FILE));
    return keys;
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  public KeyPair keys() {
    return keys;
  }

  /** The public keys whose checkpoints verify: this key's and the configured earlier ones. */
  public List<PublicKey> trusted() {
    return trusted;
  }
}
