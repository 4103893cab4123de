package dev.floe.lineage.resolve;

import java.util.Locale;
import java.util.Optional;

/**
 * Storage locations in one spelling, so that an engine's dataset location and a table's location
 * can be compared as prefixes: {@code s3a://} and {@code s3n://} are {@code s3://}, {@code
 * file:///x} and {@code file://localhost/x} are {@code file:/x}, the scheme is lower case, and there
 * is no trailing slash.
 */
public final class StorageLocations {
  private StorageLocations() {}

  /** Whether {@code scheme} (without {@code ://}) is one of object stores and file systems. */
  public static boolean isStorageScheme(String scheme) {
    return switch (scheme.toLowerCase(Locale.ROOT)) {
      case "s3", "s3a", "s3n", "gs", "abfs", "abfss", "wasb", "wasbs", "hdfs", "file" -> true;
      default -> false;
    };
  }

  /** The location an OpenLineage storage dataset names, or empty when it names none. */
  public static Optional<String> fromDataset(String namespace, String name) {
    if (namespace.equalsIgnoreCase("file") && name.startsWith("/")) {
      // local files: namespace "file", name "/absolute/path"
      return Optional.of(normalize("file:" + name));
    }
    int colon = namespace.indexOf(':');
    if (colon <= 0 || !isStorageScheme(namespace.substring(0, colon))) {
      return Optional.empty();
    }
    String location;
    if (name.startsWith("/")) {
      // file and hdfs: namespace "file" or "hdfs://host:port", name "/absolute/path"
      location = stripTrailingSlashes(namespace) + name;
    } else {
      // object stores: namespace "s3://bucket", name "path/in/bucket"
      location = stripTrailingSlashes(namespace) + "/" + name;
    }
    return Optional.of(normalize(location));
  }

  /** {@code location} in the one spelling described above. */
  public static String normalize(String location) {
    int colon = location.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("location has no scheme: " + location);
    }
    String scheme = location.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = location.substring(colon + 1);
    if (scheme.equals("s3a") || scheme.equals("s3n")) {
      scheme = "s3";
    }
    if (scheme.equals("file")) {
      if (rest.startsWith("//localhost/")) {
        rest = rest.substring("//localhost".length());
      } else if (rest.startsWith("///")) {
        rest = rest.substring(2);
      }
    }
    return stripTrailingSlashes(scheme + ":" + rest);
  }

  /** Whether {@code location} is {@code prefix} or lies under it (both normalized). */
  public static boolean isUnder(String location, String prefix) {
    return location.equals(prefix)
        || (location.startsWith(prefix) && location.charAt(prefix.length()) == '/');
  }

  private static String stripTrailingSlashes(String value) {
    int end = value.length();
    while (end > 0 && value.charAt(end - 1) == '/' && !value.substring(0, end).endsWith("://")) {
      end--;
    }
    return value.substring(0, end);
  }
}
