package dev.floe.trino;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The plugin's settings, from {@code etc/access-control.properties} (and {@code
 * etc/event-listener.properties}, which takes the same keys). Every key is documented in
 * the README's Trino section; an unknown key, a missing required key or a bad value stops Trino at
 * start-up with a message naming the key.
 *
 * @param uri Floe's base URL ({@code floe.uri})
 * @param catalogs Trino catalog name → Floe catalog name ({@code floe.catalogs}, e.g. {@code
 *     lake=warehouse,sales=sales}); only these catalogs are governed
 * @param ungoverned what to do with every other catalog ({@code floe.ungoverned-catalogs})
 * @param clientId with {@code clientSecret}: the plugin's own Floe client credential ({@code
 *     floe.client-id}, {@code floe.client-secret}); it must belong to a trusted-engine principal
 * @param tokenFile instead of a client credential: a file holding a bearer token, re-read when it
 *     changes ({@code floe.token-file})
 * @param tokenRefreshMargin a client-credential token is replaced this long before it expires
 * @param maxCacheTtl how long an answer is reused across queries at most (Floe's TTL is honoured
 *     when shorter; {@code 0s} turns the shared cache off)
 * @param maxCacheEntries answers kept in the shared cache at most
 * @param connectTimeout connect timeout of calls to Floe
 * @param requestTimeout timeout of one call to Floe
 * @param queryAdmins Trino users who may view and kill others' queries
 * @param reportQueueSize the event listener's access reports waiting to be sent at most; more
 *     are dropped (counted and logged)
 * @param reportBatchSize access reports sent in one call at most
 */
public record FloePluginConfig(
    URI uri,
    Map<String, String> catalogs,
    UngovernedCatalogs ungoverned,
    Optional<String> clientId,
    Optional<String> clientSecret,
    Optional<Path> tokenFile,
    Duration tokenRefreshMargin,
    Duration maxCacheTtl,
    int maxCacheEntries,
    Duration connectTimeout,
    Duration requestTimeout,
    Set<String> queryAdmins,
    int reportQueueSize,
    int reportBatchSize) {
  public static final String URI_KEY = "floe.uri";
  public static final String CATALOGS = "floe.catalogs";
  public static final String UNGOVERNED_CATALOGS = "floe.ungoverned-catalogs";
  public static final String CLIENT_ID = "floe.client-id";
  public static final String CLIENT_SECRET = "floe.client-secret";
  public static final String TOKEN_FILE = "floe.token-file";
  public static final String TOKEN_REFRESH_MARGIN = "floe.token-refresh-margin";
  public static final String CACHE_MAX_TTL = "floe.cache.max-ttl";
  public static final String CACHE_MAX_ENTRIES = "floe.cache.max-entries";
  public static final String CONNECT_TIMEOUT = "floe.http.connect-timeout";
  public static final String REQUEST_TIMEOUT = "floe.http.request-timeout";
  public static final String QUERY_ADMINS = "floe.query-admins";
  public static final String REPORT_QUEUE_SIZE = "floe.reports.queue-size";
  public static final String REPORT_BATCH_SIZE = "floe.reports.batch-size";

  private static final Set<String> KEYS =
      Set.of(
          URI_KEY, CATALOGS, UNGOVERNED_CATALOGS, CLIENT_ID, CLIENT_SECRET, TOKEN_FILE,
          TOKEN_REFRESH_MARGIN, CACHE_MAX_TTL, CACHE_MAX_ENTRIES, CONNECT_TIMEOUT, REQUEST_TIMEOUT,
          QUERY_ADMINS, REPORT_QUEUE_SIZE, REPORT_BATCH_SIZE);

  /** What the plugin does with a catalog Floe does not govern. */
  public enum UngovernedCatalogs {
    /** Every action on it is allowed (Trino's {@code allow-all}). */
    ALLOW,
    /** It is hidden and every action on it is denied. */
    DENY
  }

  public FloePluginConfig {
    requireNonNull(uri, "uri is null");
    catalogs = Map.copyOf(catalogs);
    requireNonNull(ungoverned, "ungoverned is null");
    queryAdmins = Set.copyOf(queryAdmins);
  }

  /** The Floe catalog a Trino catalog maps to; empty when Floe does not govern it. */
  public Optional<String> floeCatalog(String trinoCatalog) {
    return Optional.ofNullable(catalogs.get(trinoCatalog));
  }

  /**
   * Reads and validates the properties Trino passes (those of {@code
   * etc/access-control.properties} but {@code access-control.name}).
   *
   * @throws IllegalArgumentException naming the key that is unknown, missing or wrong
   */
  public static FloePluginConfig from(Map<String, String> properties) {
    Map<String, String> values = new HashMap<>(properties);
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(KEYS);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "Unknown Floe access-control properties: %s (known: %s)".formatted(unknown, new TreeSet<>(KEYS)));
    }
    URI uri = parseUri(required(values, URI_KEY));
    Map<String, String> catalogs = parseCatalogs(required(values, CATALOGS));
    UngovernedCatalogs ungoverned =
        switch (values.getOrDefault(UNGOVERNED_CATALOGS, "allow").trim()) {
          case "allow" -> UngovernedCatalogs.ALLOW;
          case "deny" -> UngovernedCatalogs.DENY;
          default ->
              throw new IllegalArgumentException(
                  "%s: '%s' is neither allow nor deny".formatted(UNGOVERNED_CATALOGS, values.get(UNGOVERNED_CATALOGS)));
        };
    Optional<String> clientId = optional(values, CLIENT_ID);
    Optional<String> clientSecret = optional(values, CLIENT_SECRET);
    Optional<Path> tokenFile = optional(values, TOKEN_FILE).map(Path::of);
    if (clientId.isPresent() != clientSecret.isPresent()) {
      throw new IllegalArgumentException("%s and %s are set together".formatted(CLIENT_ID, CLIENT_SECRET));
    }
    if (clientId.isPresent() == tokenFile.isPresent()) {
      throw new IllegalArgumentException(
          "Set either %s with %s (the plugin's Floe credential) or %s, not both and not neither"
              .formatted(CLIENT_ID, CLIENT_SECRET, TOKEN_FILE));
    }
    Duration refreshMargin = duration(values, TOKEN_REFRESH_MARGIN, "60s");
    Duration maxTtl = duration(values, CACHE_MAX_TTL, "30s");
    int maxEntries = positiveInt(values, CACHE_MAX_ENTRIES, "10000");
    Duration connectTimeout = positive(duration(values, CONNECT_TIMEOUT, "2s"), CONNECT_TIMEOUT);
    Duration requestTimeout = positive(duration(values, REQUEST_TIMEOUT, "5s"), REQUEST_TIMEOUT);
    Set<String> queryAdmins = new TreeSet<>();
    for (String user : values.getOrDefault(QUERY_ADMINS, "").split(",")) {
      if (!user.isBlank()) {
        queryAdmins.add(user.trim());
      }
    }
    int reportQueueSize = positiveInt(values, REPORT_QUEUE_SIZE, "10000");
    int reportBatchSize = positiveInt(values, REPORT_BATCH_SIZE, "100");
    return new FloePluginConfig(
        uri, catalogs, ungoverned, clientId, clientSecret, tokenFile, refreshMargin, maxTtl,
        maxEntries, connectTimeout, requestTimeout, queryAdmins, reportQueueSize, reportBatchSize);
  }

  private static String required(Map<String, String> values, String key) {
    return optional(values, key)
        .orElseThrow(() -> new IllegalArgumentException("Floe access control needs " + key));
  }

  private static Optional<String> optional(Map<String, String> values, String key) {
    String value = values.get(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static URI parseUri(String value) {
    URI uri;
    try {
      uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("%s: '%s' is not a URL".formatted(URI_KEY, value), e);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("%s: '%s' is not an http(s) URL".formatted(URI_KEY, value));
    }
    return uri;
  }

  private static Map<String, String> parseCatalogs(String value) {
    Map<String, String> catalogs = new LinkedHashMap<>();
    for (String entry : value.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] parts = entry.split("=", -1);
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new IllegalArgumentException(
            "%s: '%s' is not trino-catalog=floe-catalog".formatted(CATALOGS, entry.trim()));
      }
      if (catalogs.put(parts[0].trim(), parts[1].trim()) != null) {
        throw new IllegalArgumentException("%s: Trino catalog '%s' is mapped twice".formatted(CATALOGS, parts[0].trim()));
      }
    }
    if (catalogs.isEmpty()) {
      throw new IllegalArgumentException(CATALOGS + " maps no catalog");
    }
    return catalogs;
  }

  private static Duration duration(Map<String, String> values, String key, String defaultValue) {
    return ConfigDurations.parse(key, optional(values, key).orElse(defaultValue));
  }

  private static Duration positive(Duration duration, String key) {
    if (duration.isZero()) {
      throw new IllegalArgumentException(key + " must be more than 0");
    }
    return duration;
  }

  private static int positiveInt(Map<String, String> values, String key, String defaultValue) {
    String value = optional(values, key).orElse(defaultValue);
    try {
      int parsed = Integer.parseInt(value);
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new IllegalArgumentException("%s: '%s' is not a positive whole number".formatted(key, value));
  }
}
