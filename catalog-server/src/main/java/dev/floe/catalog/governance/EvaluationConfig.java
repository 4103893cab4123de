package dev.floe.catalog.governance;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code floe.governance.*} keys of the governance evaluation ({@link GovernanceEvaluation}). */
@ConfigMapping(prefix = "floe.governance")
public interface EvaluationConfig {
  /**
   * How long an evaluation's inputs read from the catalog (each table's current schema) are reused,
   * and how long engines may reuse an answer ({@code cacheTtlSeconds}). A schema change reaches
   * evaluations within this time; policy and grant changes reach them at once. Must be positive.
   */
  @WithDefault("PT30S")
  Duration evaluationCacheTtl();
}
