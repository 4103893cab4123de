package dev.floe.catalog.purge;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code floe.purge.*}: the background purges of dropped tables' files ({@link PurgeWorker}). */
@ConfigMapping(prefix = "floe.purge")
public interface PurgeConfig {
  /**
   * Whether this node runs purges. Jobs are shared by all nodes through PostgreSQL: a node that
   * does not run them leaves them to the others.
   */
  @WithDefault("true")
  boolean enabled();

  /** How often the node looks for due purges (a drop on this node also starts one at once). */
  @WithDefault("PT10S")
  Duration pollInterval();

  /**
   * How long a node holds a job it claimed without recording progress; then another node takes
   * it over (its node stopped).
   */
  @WithDefault("PT60S")
  Duration lease();

  /** Wait before the first retry of a failed purge; doubled after each failure, at most one hour. */
  @WithDefault("PT10S")
  Duration retryBackoff();

  /** Attempts before a purge is marked failed for good (its prefixes stay reserved). */
  @WithDefault("10")
  int maxAttempts();
}
