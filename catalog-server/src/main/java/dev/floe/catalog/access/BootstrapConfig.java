package dev.floe.catalog.access;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** {@code floe.bootstrap.*}: the root principal created on first start. */
@ConfigMapping(prefix = "floe.bootstrap")
public interface BootstrapConfig {
  /**
   * {@code <client-id>:<secret>} of the root principal, used only when Floe starts on a database
   * without principals (environment variable {@code FLOE_BOOTSTRAP_CREDENTIALS}). Unset, Floe
   * generates credentials, writes them once to {@code <data-dir>/root-credentials} (mode 0600) and
   * prints them.
   */
  Optional<String> credentials();
}
