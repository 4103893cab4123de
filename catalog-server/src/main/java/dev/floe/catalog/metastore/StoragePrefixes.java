package dev.floe.catalog.metastore;

import dev.floe.catalog.storage.LocationPolicy;

import java.util.ArrayList;
import java.util.List;

/**
 * Storage prefixes as the ownership table keeps them: a normalized location (see {@code
 * LocationPolicy.normalize}) with a trailing slash, {@code s3a://} and {@code s3n://} spelled
 * {@code s3://} (the same objects), so that containment is a plain {@code startsWith} and {@code
 * .../t1/} never contains {@code .../t10/}.
 */
public final class StoragePrefixes {
  private StoragePrefixes() {}

  /** The prefix of a normalized location. */
  public static String of(String normalizedLocation) {
    String location = normalizedLocation;
    if (location.startsWith("s3a://") || location.startsWith("s3n://")) {
      location = "s3://" + location.substring(6);
    }
    return location.endsWith("/") ? location : location + "/";
  }

  /** Whether one of the two prefixes contains the other (or they are equal). */
  public static boolean overlap(String first, String second) {
    return first.startsWith(second) || second.startsWith(first);
  }

  /** Whether {@code outer} contains {@code inner} and is not equal to it. */
  public static boolean strictlyContains(String outer, String inner) {
    return inner.length() > outer.length() && inner.startsWith(outer);
  }

  /**
   * {@code scheme://authority}: the part two prefixes must share to overlap, and the key of the
   * lock that orders claims on it.
   */
  public static String authority(String prefix) {
    int schemeEnd = prefix.indexOf("://");
    if (schemeEnd < 0) {
      return prefix;
    }
    int slash = prefix.indexOf('/', schemeEnd + 3);
    return slash < 0 ? prefix : prefix.substring(0, slash);
  }

  /**
   * Every prefix that contains {@code prefix}, itself included, shortest first: for {@code
   * s3://b/x/y/} these are {@code s3://b/}, {@code s3://b/x/} and {@code s3://b/x/y/}.
   */
  public static List<String> ancestorsAndSelf(String prefix) {
    List<String> ancestors = new ArrayList<>();
    int start = authority(prefix).length() + 1;
    for (int slash = prefix.indexOf('/', start - 1); slash >= 0; slash = prefix.indexOf('/', slash + 1)) {
      ancestors.add(prefix.substring(0, slash + 1));
    }
    return ancestors;
  }

  /**
   * The smallest string greater than every string that starts with {@code prefix} (which ends
   * with '/'): with {@code >= prefix}, the index range of everything below it.
   */
  public static String upperBound(String prefix) {
    return prefix.substring(0, prefix.length() - 1) + (char) ('/' + 1);
  }
}
