package dev.floe.catalog.it;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A directory that the harness fills once (an unpacked server distribution) and later runs reuse.
 * The filling goes to a temporary sibling directory that is renamed into place only when complete,
 * under a file lock beside it, so an interrupted installation or a concurrent build never leaves a
 * half-installed home. Whether the home is complete is for the caller to say (a marker file that
 * its {@link Installer} writes).
 *
 * @param home where the installation lives
 * @param stagingName the temporary siblings are named {@code <home>.<stagingName>-<random>}
 * @param installed whether a home is complete
 */
record CachedInstall(Path home, String stagingName, Predicate<Path> installed) {
  CachedInstall {
    requireNonNull(home, "home is null");
    requireNonNull(stagingName, "stagingName is null");
    requireNonNull(installed, "installed is null");
  }

  /** Fills a temporary directory. */
  @FunctionalInterface
  interface Installer {
    /**
     * Installs into {@code temp} and returns the complete directory (inside {@code temp}) that is
     * renamed into place.
     */
    Path installInto(Path temp) throws IOException, InterruptedException;
  }

  boolean isInstalled() {
    return installed.test(home);
  }

  /**
   * Installs under the lock unless the home is complete (another build may have finished while this
   * one waited for the lock); how long it took, zero if the home was reused.
   */
  Duration install(Installer installer) throws IOException, InterruptedException {
    if (isInstalled()) {
      return Duration.ZERO;
    }
    Path parent = home.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path lockFile = parent.resolve(home.getFileName() + ".lock");
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = channel.lock()) {
      if (isInstalled()) {
        return Duration.ZERO;
      }
      long started = System.nanoTime();
      // Leftovers of an interrupted installation: a home without marker, temporary directories.
      String tempPrefix = home.getFileName() + "." + stagingName + "-";
      FloeTestServer.deleteRecursively(home);
      try (Stream<Path> siblings = Files.list(parent)) {
        for (Path stale : siblings.filter(p -> p.getFileName().toString().startsWith(tempPrefix)).toList()) {
          FloeTestServer.deleteRecursively(stale);
        }
      }
      Path temp = Files.createTempDirectory(parent, tempPrefix);
      Path complete = installer.installInto(temp);
      Files.move(complete, home, StandardCopyOption.ATOMIC_MOVE);
      FloeTestServer.deleteRecursively(temp);
      return Duration.ofNanos(System.nanoTime() - started);
    }
  }
}
