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
}
