package dev.floe.catalog.server;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.stream.LongStream;

/**
 * Latency histograms for every HTTP endpoint template with SLO-style buckets (5, 10, 25, 50, 100,
 * 250, 500 ms and 1 s, and +Inf) and no percentile histogram: a few lines per endpoint template and
 * status instead of Micrometer's 69 buckets, so {@code /q/metrics} stays small (issue 18).
 */
public class MetricsConfiguration {
  /** The bucket bounds, in milliseconds. */
  static final long[] SERVICE_LEVEL_OBJECTIVES_MILLIS = {5, 10, 25, 50, 100, 250, 500, 1000};

  @Produces
  @Singleton
  public MeterFilter httpLatencyHistograms() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getName().equals("http.server.requests")) {
          return DistributionStatisticConfig.builder()
              .percentilesHistogram(false)
              .serviceLevelObjectives(
                  LongStream.of(SERVICE_LEVEL_OBJECTIVES_MILLIS).mapToDouble(millis -> (double) Duration.ofMillis(millis).toNanos()).toArray())
              .build()
              .merge(config);
        }
        return config;
      }
    };
  }
}
