package dev.floe.catalog.rest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.floe.catalog.config.FloeConfig;
import dev.floe.catalog.handler.IcebergCatalogHandler.TableLoad;
import dev.floe.catalog.http.IcebergJson;
import dev.floe.catalog.metastore.GzipBytes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Encoded loadTable answers by their cache key (catalog, metadata location, snapshot mode and
 * storage-config variant: all immutable for a key), as JSON and, once a client asks for it, as
 * gzip, within one budget of bytes ({@code floe.metadata-cache.max-response-bytes}): a warm load
 * neither serializes nor compresses.
 */
@ApplicationScoped
public class EncodedLoads {
  /** Answers smaller than this are not worth compressing. */
  static final int GZIP_MIN_BYTES = 1_024;

  private record Key(String cacheKey, boolean gzip) {}

  private final Cache<Key, byte[]> bodies;

  @Inject
  public EncodedLoads(FloeConfig config) {
    this(config.metadataCache().maxResponseBytes().asLongValue());
  }

  EncodedLoads(long maxBytes) {
    this.bodies =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .<Key, byte[]>weigher((key, body) -> body.length + 2 * key.cacheKey().length() + 64)
            .build();
  }

  /** The answer as JSON. */
  public byte[] json(TableLoad.Cacheable load) {
    return bodies.get(new Key(load.cacheKey(), false), ignored -> IcebergJson.write(load.response().get()));
  }

  /** The answer gzip-compressed; null when it is too small to be worth it (send {@link #json}). */
  public byte[] gzip(TableLoad.Cacheable load) {
    byte[] json = json(load);
    if (json.length < GZIP_MIN_BYTES) {
      return null;
    }
    return bodies.get(new Key(load.cacheKey(), true), ignored -> GzipBytes.compress(json));
  }

  /** Whether an {@code Accept-Encoding} header accepts gzip (and does not refuse it with q=0). */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String part : acceptEncoding.split(",")) {
      String[] pieces = part.trim().split(";");
      String coding = pieces[0].trim();
      if (!coding.equalsIgnoreCase("gzip") && !coding.equalsIgnoreCase("x-gzip") && !coding.equals("*")) {
        continue;
      }
      boolean refused = false;
      for (int i = 1; i < pieces.length; i++) {
        String parameter = pieces[i].trim().replace(" ", "");
        if (parameter.matches("(?i)q=0(\\.0{0,3})?")) {
          refused = true;
        }
      }
      if (!refused) {
        return true;
      }
    }
    return false;
  }
}
