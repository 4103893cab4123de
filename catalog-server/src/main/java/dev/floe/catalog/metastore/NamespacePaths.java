package dev.floe.catalog.metastore;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.iceberg.catalog.Namespace;

/** How namespaces are stored: their levels joined by U+001F, the REST spec's separator. */
public final class NamespacePaths {
  public static final char SEPARATOR = '\u001f';
  private static final String SEPARATOR_STRING = String.valueOf(SEPARATOR);

  private NamespacePaths() {}

  public static String path(Namespace namespace) {
    return String.join(SEPARATOR_STRING, namespace.levels());
  }

  public static String parentPath(Namespace namespace) {
    String[] levels = namespace.levels();
    if (levels.length <= 1) {
      return "";
    }
    return String.join(SEPARATOR_STRING, java.util.Arrays.copyOf(levels, levels.length - 1));
  }

  public static Namespace namespace(String path) {
    if (path.isEmpty()) {
      return Namespace.empty();
    }
    return Namespace.of(path.split(SEPARATOR_STRING, -1));
  }

  /**
   * The metastore's cursor for keyset pagination: the last name (or namespace path) of the
   * previous page. Internal only: it names an object, so clients never see it; they get
   * encrypted page tokens bound to their listing ({@code rest.PageTokens}).
   */
  public static String pageToken(String lastName) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(lastName.getBytes(StandardCharsets.UTF_8));
  }

  /** The name a metastore cursor stands for; {@code IllegalArgumentException} naming the token if bad. */
  public static String afterName(String pageToken) {
    if (pageToken == null || pageToken.isEmpty()) {
      return null;
    }
    try {
      return new String(Base64.getUrlDecoder().decode(pageToken), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid pageToken: " + pageToken);
    }
  }
}
