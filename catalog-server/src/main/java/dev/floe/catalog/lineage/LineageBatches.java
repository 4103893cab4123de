package dev.floe.catalog.lineage;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.jboss.logging.Logger;

/**
 * Engines' reports written in batches: the request threads hand their reports over and wait for
 * them; a few writer threads each take what has queued up (at most {@value #MAX_BATCH}) and write
 * it in one transaction ({@link LineageStore#recordAll}), so that many concurrent reports share a
 * commit. A report is answered only once its transaction committed: nothing acknowledged is lost.
 */
@ApplicationScoped
public class LineageBatches {
  static final int MAX_BATCH = 64;
  private static final int WRITERS = 4;
  private static final Logger LOG = Logger.getLogger(LineageBatches.class);

  private record Pending(LineageStore.RunReport report, CompletableFuture<Void> done) {}

  private final LineageStore store;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(10_000);
  private final List<Thread> writers = new ArrayList<>();
  private volatile boolean running = true;

  @Inject
  public LineageBatches(LineageStore store) {
    this.store = store;
    for (int i = 0; i < WRITERS; i++) {
      writers.add(Thread.ofPlatform().name("floe-lineage-writer-" + i).daemon().start(this::write));
    }
  }

  /** Writes {@code report}; returns once it is committed, throws what writing it threw. */
  public void record(LineageStore.RunReport report) {
    Pending pending = new Pending(report, new CompletableFuture<>());
    try {
      if (!running || !queue.offer(pending, 10, TimeUnit.SECONDS)) {
        throw new ServiceUnavailableException("Lineage intake busy or shutting down, try again");
      }
      pending.done().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceUnavailableException("Interrupted while the lineage report was written");
    } catch (TimeoutException e) {
      throw new ServiceUnavailableException("The lineage report was not written within 60 s");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private void write() {
    List<Pending> batch = new ArrayList<>(MAX_BATCH);
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        List<Optional<RuntimeException>> outcomes = store.recordAll(batch.stream().map(Pending::report).toList());
        for (int i = 0; i < batch.size(); i++) {
          Optional<RuntimeException> failure = outcomes.get(i);
          if (failure.isPresent()) {
            batch.get(i).done().completeExceptionally(failure.get());
          } else {
            batch.get(i).done().complete(null);
          }
        }
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        LOG.warnf(e, "A batch of %d lineage reports failed", batch.size());
        batch.forEach(pending -> pending.done().completeExceptionally(e));
      } finally {
        batch.clear();
      }
    }
  }

  void close(@Observes ShutdownEvent event) {
    running = false;
    for (Thread writer : writers) {
      try {
        writer.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
