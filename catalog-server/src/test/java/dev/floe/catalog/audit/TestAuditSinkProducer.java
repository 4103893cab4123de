package dev.floe.catalog.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.audit.AsyncAuditWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TestAuditSinkProducer {
  /** floe.audit.* as given, the defaults of application.properties otherwise. */
  private record Config(int batchSize, Duration flushInterval, int queueCapacity, Duration aggregateReadsWindow, boolean enabled)
      implements AuditConfig {
    Config(int batchSize, Duration flushInterval, int queueCapacity) {
      this(batchSize, flushInterval, queueCapacity, Duration.ZERO, true);
    }

    Config(int batchSize, Duration flushInterval, int queueCapacity, Duration aggregateReadsWindow) {
      this(batchSize, flushInterval, queueCapacity, aggregateReadsWindow, true);
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

  /** A data source whose every call fails, counting the calls: the store must not be reached. */
  private static final class UnreachableDataSource implements java.lang.reflect.InvocationHandler {
    final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] arguments) throws java.sql.SQLException {
      calls.incrementAndGet();
      throw new java.sql.SQLException("no database in this test");
    }

    javax.sql.DataSource proxy() {
      return (javax.sql.DataSource)
          java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, this);
    }
  }

  private static dev.floe.audit.AuditEvent event() {
    return new dev.floe.audit.AuditEvent(
        java.util.UUID.randomUUID(), java.time.Instant.now(), dev.floe.audit.AuditEvent.Kind.AUTHORIZATION, "alice", "LOAD_TABLE",
        "table:lake.sales.orders", "ALLOW", "granted", "request", "127.0.0.1", java.util.Map.of());
  }

  @Test
  void disabledRecordsNothing() {
    UnreachableDataSource database = new UnreachableDataSource();
    AuditSinkProducer producer =
        new AuditSinkProducer(
            new PostgresAuditStore(database.proxy()),
            new Config(1000, Duration.ofMillis(50), 10_000, Duration.ZERO, false),
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    producer.auditSink().record(event());
    producer.auditSink().recordRead(event());
    producer.writer().close(Duration.ofMillis(200));
    assertThat(producer.writer().stats().recorded()).isZero();
    assertThat(producer.writer().stats().dropped()).isZero();
    assertThat(database.calls).hasValue(0);
  }

  @Test
  void enabledRecordsThroughTheWriterWithItsMeters() {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    AuditSinkProducer producer =
        new AuditSinkProducer(
            new PostgresAuditStore(new UnreachableDataSource().proxy()), new Config(1000, Duration.ofMillis(50), 10_000), meters);
    producer.auditSink().record(event());
    assertThat(producer.writer().stats().recorded()).isEqualTo(1);
    // the database is unreachable: the event is unwritten at close, and counted as dropped
    producer.writer().close(Duration.ofMillis(200));
    assertThat(meters.get("floe.audit.events.dropped").functionCounter().count()).isEqualTo(1.0);
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
