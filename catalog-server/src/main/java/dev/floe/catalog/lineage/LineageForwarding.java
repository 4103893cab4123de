package dev.floe.catalog.lineage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.openlineage.client.transports.Transport;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Forwarding (off unless {@code floe.lineage.forward.url} is set): every event Floe accepted goes
 * on, as received, to another OpenLineage consumer over openlineage-java's HTTP transport, from a
 * queue of {@code floe.lineage.forward.queue-size} events on a thread of its own, each tried {@code
 * floe.lineage.forward.attempts} times with a doubling backoff. Events that could not be
 * delivered, or found the queue full, are counted ({@code floe.lineage.forwarded{outcome=failed}})
 * and logged; the intake never waits for the consumer.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class LineageForwarding {
  private static final Logger LOG = Logger.getLogger(LineageForwarding.class);

  private final Transport transport;
  private final BlockingQueue<String> queue;
  private final int attempts;
  private final Duration backoff;
  private final Counter delivered;
  private final Counter failed;
  private final Thread worker;
  private volatile boolean running = true;

  @Inject
  public LineageForwarding(LineageConfig config, MeterRegistry registry) {
    LineageConfig.Forward forward = config.forward();
    this.attempts = forward.attempts();
    this.backoff = forward.backoff();
    if (attempts < 1) {
      throw new IllegalStateException("floe.lineage.forward.attempts must be at least 1, got " + attempts);
    }
    this.delivered = Counter.builder("floe.lineage.forwarded").tag("outcome", "delivered").register(registry);
    this.failed = Counter.builder("floe.lineage.forwarded").tag("outcome", "failed").register(registry);
    if (forward.url().isEmpty()) {
      transport = null;
      queue = null;
      worker = null;
      return;
    }
    HttpConfig http = new HttpConfig();
    http.setUrl(URI.create(forward.url().get()));
    http.setEndpoint(forward.endpoint());
    http.setTimeoutInMillis((int) forward.timeout().toMillis());
    forward.apiKey().ifPresent(key -> {
      ApiKeyTokenProvider auth = new ApiKeyTokenProvider();
      auth.setApiKey(key);
      http.setAuth(auth);
    });
    transport = new HttpTransport(http);
    queue = new ArrayBlockingQueue<>(forward.queueSize());
    Gauge.builder("floe.lineage.forward.queue", queue, BlockingQueue::size).register(registry);
    worker = Thread.ofPlatform().name("floe-lineage-forward").daemon().start(this::run);
    LOG.infof("Lineage forwarding to %s%s", forward.url().get(), forward.endpoint());
  }

  /** Queues an accepted event for forwarding (nothing when forwarding is off). */
  public void accepted(String event) {
    if (queue != null && !queue.offer(event)) {
      failed.increment();
      LOG.warn("Lineage forwarding queue full: an event was not forwarded");
    }
  }

  private void run() {
    while (running || !queue.isEmpty()) {
      String event;
      try {
        event = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break;
      }
      if (event != null) {
        send(event);
      }
    }
  }

  private void send(String event) {
    OpenLineage.RunEvent parsed = OpenLineageClientUtils.runEventFromJson(event);
    long wait = backoff.toMillis();
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        transport.emit(parsed);
        delivered.increment();
        return;
      } catch (RuntimeException e) {
        if (attempt == attempts) {
          failed.increment();
          LOG.warnf("Could not forward lineage run %s after %d attempts: %s", parsed.getRun().getRunId(), attempts, e.getMessage());
          return;
        }
        try {
          Thread.sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          failed.increment();
          return;
        }
        wait = Math.min(wait * 2, 30_000);
      }
    }
  }

  void close(@Observes ShutdownEvent event) {
    running = false;
    if (worker != null) {
      try {
        worker.join(5_000);
        transport.close();
      } catch (Exception e) {
        LOG.debug("Closing lineage forwarding", e);
      }
    }
  }
}
