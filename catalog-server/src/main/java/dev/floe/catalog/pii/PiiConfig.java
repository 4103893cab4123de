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

  /**
   * Whether a table is scanned after it is created or committed to (debounced, see {@link
   * #scanAfterCommitDelay()}). Off by default. Environment variable {@code
   * FLOE_PII_SCAN_AFTER_COMMIT}.
   */
  @WithDefault("false")
  boolean scanAfterCommit();

  /**
   * With {@link #scanAfterCommit()}: how long a table must go without a further commit before it
   * is scanned (a stream of commits makes one scan). Environment variable {@code
   * FLOE_PII_SCAN_AFTER_COMMIT_DELAY}.
   */
  @WithDefault("PT60S")
  java.time.Duration scanAfterCommitDelay();
}
