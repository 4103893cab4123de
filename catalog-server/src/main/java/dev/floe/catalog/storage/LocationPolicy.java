package dev.floe.catalog.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.ForbiddenException;

/**
 * Where a catalog's tables and views may live: at or under one of its allowed roots (the storage
 * root, plus any extra roots in the catalog property {@code allowed-locations}). Locations are
 * compared as normalized strings: scheme lower-cased, no trailing slash; a location with {@code .}
 * or {@code ..} segments, empty segments, a query, a fragment or control characters is refused
 * before anything is stored, so that no spelling of a path can reach outside its root.
 */
public final class LocationPolicy {
  /** Catalog property: comma-separated extra roots where tables and views may be placed. */
  public static final String ALLOWED_LOCATIONS = "allowed-locations";

  private final List<String> roots;

  public LocationPolicy(String storageRoot, String extraRoots) {
    List<String> allowed = new ArrayList<>();
    allowed.add(normalize(storageRoot, "storage root"));
    if (extraRoots != null) {
      for (String root : extraRoots.split(",")) {
        if (!root.isBlank()) {
          allowed.add(normalize(root.trim(), ALLOWED_LOCATIONS));
        }
      }
    }
    this.roots = List.copyOf(allowed);
  }

  public List<String> roots() {
    return roots;
  }

  /**
   * The normalized form of {@code location} if it lies at or under an allowed root; otherwise
   * {@link ForbiddenException} naming the location, what it is, and the allowed roots.
   */
  public String check(String location, String what) {
    String normalized = normalize(location, what);
    for (String root : roots) {
      if (isAtOrUnder(normalized, root)) {
        return normalized;
      }
    }
    throw new ForbiddenException(
        "Invalid %s %s: not inside the catalog's allowed locations %s", what, location, roots);
  }

  /** Whether {@code location} equals {@code root} or lies below it (both normalized). */
  public static boolean isAtOrUnder(String location, String root) {
    return location.equals(root) || location.startsWith(root + "/");
  }

  /**
   * {@code scheme://authority/path} with a lower-case scheme and no trailing slash; {@code
   * file:/x} and {@code file:///x} are the same location.
   */
  public static String normalize(String location, String what) {
    if (location == null || location.isBlank()) {
      throw new BadRequestException("Invalid %s: empty", what);
    }
    for (int i = 0; i < location.length(); i++) {
      char c = location.charAt(i);
      if (Character.isISOControl(c) || c == '\\') {
        throw new BadRequestException(
            "Invalid %s %s: contains a control character or backslash", what, location);
      }
    }
    int colon = location.indexOf(':');
    if (colon <= 0) {
      throw new BadRequestException("Invalid %s %s: not an absolute URI (scheme://...)", what, location);
    }
    String scheme = location.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = location.substring(colon + 1);
    String authority;
    String path;
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
      path = slash < 0 ? "" : rest.substring(slash);
    } else if (rest.startsWith("/") && scheme.equals("file")) {
      authority = "";
      path = rest;
    } else {
      throw new BadRequestException("Invalid %s %s: not an absolute URI (scheme://...)", what, location);
    }
    if (authority.contains("@") || (scheme.equals("file") && !authority.isEmpty())) {
      throw new BadRequestException("Invalid %s %s: unexpected authority %s", what, location, authority);
    }
    if (path.contains("?") || path.contains("#")) {
      throw new BadRequestException("Invalid %s %s: must not contain '?' or '#'", what, location);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (!path.isEmpty()) {
      String[] segments = path.substring(1).split("/", -1);
      for (String segment : segments) {
        String decoded = percentDecode(segment, location, what);
        if (segment.isEmpty() || decoded.equals(".") || decoded.equals("..") || decoded.contains("/")) {
          throw new BadRequestException(
              "Invalid %s %s: empty, '.', '..' or encoded '/' path segments are not allowed", what, location);
        }
      }
    }
    if (scheme.equals("file") && path.isEmpty()) {
      throw new BadRequestException("Invalid %s %s: the file-system root is not a location", what, location);
    }
    return scheme + "://" + authority + path;
  }

  private static String percentDecode(String segment, String location, String what) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    try {
      return java.net.URLDecoder.decode(
          segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("Invalid %s %s: malformed percent-encoding", what, location);
    }
  }
}
