package dev.floe.catalog.pii;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code floe.pii.*}: how PII scans sample tables. */
@ConfigMapping(prefix = "floe.pii")
public interface PiiConfig {
  /**
   * The rows a PII scan reads of each table's current snapshot (at least 1; the server refuses to
   * start otherwise). Environment variable {@code FLOE_PII_SAMPLE_ROWS}.
   */
  @WithDefault("2000")
  int sampleRows();
}
