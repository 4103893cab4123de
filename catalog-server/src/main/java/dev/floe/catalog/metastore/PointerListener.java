package dev.floe.catalog.metastore;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Keeps a {@link PointerCache} in step with the catalog objects' rows changed on any node: it
 * listens on {@value #CHANNEL}, where the migrations' trigger announces every row changed as
 * {@code [catalog_id, namespace_path, name]} (or {@code [catalog_id]} for a key too long), and
 * drops what it names. The cache follows only while the listener listens: on (re)connect it drops
 * everything (what changed meanwhile was not heard), on a lost connection it stops keeping
 * anything until connected again.
 */
public final class PointerListener implements ChangeListener.Subscriber {
  public static final String CHANNEL = "floe_pointers";
  public static final String LISTENER_NAME = "floe-pointer-listener";
  private static final Logger LOG = Logger.getLogger(PointerListener.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PointerCache cache;

  public PointerListener(PointerCache cache) {
    this.cache = requireNonNull(cache, "cache is null");
  }

  /** The listener of {@code cache} on {@code dataSource}'s database (not started). */
  public static ChangeListener on(DataSource dataSource, PointerCache cache) {
    // nothing to check between notifications: PostgreSQL delivers every one while connected
    return new ChangeListener(CHANNEL, LISTENER_NAME, dataSource, Duration.ofMinutes(1), new PointerListener(cache));
  }

  @Override
  public void listening(Connection connection) {
    cache.following(true);
  }

  @Override
  public void notified(List<String> payloads) {
    for (String payload : payloads) {
      apply(payload);
    }
  }

  @Override
  public void check(Connection connection) {}

  @Override
  public void lost() {
    cache.following(false);
  }

  /** Drops what one notification names; everything when it cannot be read. */
  void apply(String payload) {
    try {
      JsonNode key = JSON.readTree(payload);
      if (key.isArray() && key.size() == 3 && key.get(0).canConvertToLong() && key.get(1).isTextual() && key.get(2).isTextual()) {
        cache.invalidate(new PointerCache.Key(key.get(0).asLong(), key.get(1).asText(), key.get(2).asText()));
        return;
      }
      if (key.isArray() && key.size() == 1 && key.get(0).canConvertToLong()) {
        cache.invalidateCatalog(key.get(0).asLong());
        return;
      }
    } catch (IOException e) {
      // fall through
    }
    LOG.warnf("Unreadable notification on %s (%s): dropping every cached pointer", CHANNEL, payload);
    cache.invalidateAll();
  }
}
