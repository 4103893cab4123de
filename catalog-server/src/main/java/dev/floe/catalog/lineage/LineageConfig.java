package dev.floe.catalog.lineage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** {@code floe.lineage.*}: OpenLineage intake, commit capture, dataset resolution and retention. */
@ConfigMapping(prefix = "floe.lineage")
public interface LineageConfig {
  /**
   * The largest OpenLineage event accepted, in bytes; a larger body is refused with 413. Environment
   * variable {@code FLOE_LINEAGE_MAX_EVENT_BYTES}.
   */
  @WithDefault("2097152")
  int maxEventBytes();

  /**
   * Whether every table commit is recorded as a lineage run of its own (merged with the engine's
   * report of the same run). Environment variable {@code FLOE_LINEAGE_CAPTURE_COMMITS}.
   */
  @WithDefault("true")
  boolean captureCommits();

  /**
   * Trino catalogs that are Floe catalogs, as {@code trino-catalog=floe-catalog} pairs separated by
   * commas: Trino's OpenLineage listener names tables {@code catalog.schema.table} under {@code
   * trino://host:port}. Environment variable {@code FLOE_LINEAGE_TRINO_CATALOGS}.
   */
  Optional<String> trinoCatalogs();

  /**
   * OpenLineage dataset namespaces that stand for a Floe catalog (an engine's name for the REST
   * catalog, such as its URI or warehouse), as {@code namespace=floe-catalog} pairs separated by
   * commas; dataset names under them are {@code namespace.table}. Environment variable {@code
   * FLOE_LINEAGE_ICEBERG_NAMESPACES}.
   */
  Optional<String> icebergNamespaces();

  /**
   * How long runs (their states, times and captured commits) are kept; the graph's edges stay.
   * Environment variable {@code FLOE_LINEAGE_RETENTION}.
   */
  @WithDefault("P90D")
  Duration retention();

  /** How often old runs are removed. Environment variable {@code FLOE_LINEAGE_RETENTION_CHECK_INTERVAL}. */
  @WithDefault("PT1H")
  Duration retentionCheckInterval();

  /** The deepest upstream or downstream walk a caller may ask for. Environment variable {@code FLOE_LINEAGE_MAX_DEPTH}. */
  @WithDefault("20")
  int maxDepth();

  /** Forwarding of every accepted event to another OpenLineage consumer; off unless {@code url} is set. */
  Forward forward();

  /** {@code floe.lineage.forward.*}. */
  interface Forward {
    /**
     * The consumer's base URL (its OpenLineage HTTP endpoint is {@link #endpoint()} under it);
     * unset: no forwarding. Environment variable {@code FLOE_LINEAGE_FORWARD_URL}.
     */
    Optional<String> url();

    /** The consumer's path for events. Environment variable {@code FLOE_LINEAGE_FORWARD_ENDPOINT}. */
    @WithDefault("/api/v1/lineage")
    String endpoint();

    /** Sent as {@code Authorization: Bearer <api key>}. Environment variable {@code FLOE_LINEAGE_FORWARD_API_KEY}. */
    Optional<String> apiKey();

    /** How often an event is tried before it counts as failed. Environment variable {@code FLOE_LINEAGE_FORWARD_ATTEMPTS}. */
    @WithDefault("5")
    int attempts();

    /** The wait before the second attempt, doubling up to 30 s. Environment variable {@code FLOE_LINEAGE_FORWARD_BACKOFF}. */
    @WithDefault("PT1S")
    Duration backoff();

    /** The timeout of one delivery. Environment variable {@code FLOE_LINEAGE_FORWARD_TIMEOUT}. */
    @WithDefault("PT5S")
    Duration timeout();

    /** Events waiting to be forwarded at most; more are counted as failed. Environment variable {@code FLOE_LINEAGE_FORWARD_QUEUE_SIZE}. */
    @WithDefault("10000")
    int queueSize();
  }
}
