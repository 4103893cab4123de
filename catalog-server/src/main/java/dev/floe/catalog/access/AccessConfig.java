package dev.floe.catalog.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code floe.access.*}: how the principals and grants held in memory follow the database. */
@ConfigMapping(prefix = "floe.access")
public interface AccessConfig {
  /**
   * How often each node compares its in-memory version of principals and grants with the stored
   * one, besides the change notifications it listens to (a backstop for notifications lost while
   * its listener connection was down). Environment variable {@code FLOE_ACCESS_VERSION_CHECK_INTERVAL}.
   */
  @WithDefault("PT5S")
  Duration versionCheckInterval();
}
