package dev.floe.catalog.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.audit.AsyncAuditWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TestAuditSinkProducer {
  /** floe.audit.* as given, the defaults of application.properties otherwise. */
  private record Config(int batchSize, Duration flushInterval, int queueCapacity, Duration aggregateReadsWindow) implements AuditConfig {
    Config(int batchSize, Duration flushInterval, int queueCapacity) {
      this(batchSize, flushInterval, queueCapacity, Duration.ZERO);
    }

    @Override
    public boolean enabled() {
      return true;
    }

    @Override
    public Duration recordTimeout() {
      return Duration.ofSeconds(30);
    }

    @Override
    public Duration retryInitialBackoff() {
      return Duration.ofMillis(100);
    }

    @Override
    public Duration retryMaxBackoff() {
      return Duration.ofSeconds(30);
    }

    @Override
    public Duration closeTimeout() {
      return Duration.ofSeconds(30);
    }
  }

  @Test
  void passesTheConfigurationToTheWriter() {
    AsyncAuditWriter.Settings settings = AuditSinkProducer.settings(new Config(1000, Duration.ofMillis(50), 10_000));
    assertThat(settings).isEqualTo(AsyncAuditWriter.Settings.defaults());
  }

  @Test
  void aggregatesReadsOnlyWithAPositiveWindow() {
    AsyncAuditWriter.Settings settings = AsyncAuditWriter.Settings.defaults();
    assertThat(AuditSinkProducer.aggregator(new Config(1000, Duration.ofMillis(50), 10_000), settings)).isEmpty();
    assertThat(AuditSinkProducer.aggregator(new Config(1000, Duration.ofMillis(50), 10_000, Duration.ofSeconds(10)), settings)).isPresent();
    assertThatThrownBy(() -> AuditSinkProducer.aggregator(new Config(1000, Duration.ofMillis(50), 10_000, Duration.ofSeconds(-1)), settings))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("aggregate-reads-window");
  }

  @Test
  void refusesToStartOnSettingsOutOfRange() {
    assertThatThrownBy(() -> AuditSinkProducer.settings(new Config(1000, Duration.ofMillis(50), 10)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("floe.audit")
        .hasMessageContaining("queueCapacity");
    assertThatThrownBy(() -> AuditSinkProducer.settings(new Config(0, Duration.ofMillis(50), 10)))
        .hasMessageContaining("batchSize");
    assertThatThrownBy(() -> AuditSinkProducer.settings(new Config(10, Duration.ZERO, 10)))
        .hasMessageContaining("flushInterval");
  }
}
