package dev.floe.catalog.governance;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code floe.governance.*}: how the governance data held in memory follows the database. */
@ConfigMapping(prefix = "floe.governance")
public interface GovernanceConfig {
  /**
   * How often each node compares its in-memory governance version with the stored one, besides
   * the change notifications it listens to (a backstop for notifications lost while its listener
   * connection was down). Environment variable {@code FLOE_GOVERNANCE_VERSION_CHECK_INTERVAL}.
   */
  @WithDefault("PT5S")
  Duration versionCheckInterval();
}
