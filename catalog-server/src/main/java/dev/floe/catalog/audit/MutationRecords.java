package dev.floe.catalog.audit;

import static java.util.Objects.requireNonNull;

import dev.floe.audit.AuditEvent;
import dev.floe.catalog.metastore.FollowedSnapshot;
import dev.floe.catalog.metastore.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A change and its audit record in one database transaction: no change without its record, no
 * record of a change that did not commit. {@link #run} runs the change with its record as the
 * {@link Jdbc.CommitCompanion} of the thread: the first transaction that commits a write during
 * the change also appends the record to the chain, as its last statement, whichever way it was
 * begun ({@code Jdbc.inTransaction}, {@code @Transactional}, {@code QuarkusTransaction}, or a
 * single write that then runs in a transaction of its own). A transaction that rolls back takes
 * the record with it and the next one writes it again.
 *
 * <p>A change whose writes span several transactions is recorded with the first that commits; a
 * change that wrote nothing in a transaction (nothing to change) is recorded after it, in one of
 * its own.
 */
@ApplicationScoped
public class MutationRecords {
  private final PostgresAuditStore store;
  private final TransactionSynchronizationRegistry transactions;
  private final Jdbc jdbc;

  @Inject
  public MutationRecords(PostgresAuditStore store, TransactionSynchronizationRegistry transactions, javax.sql.DataSource dataSource) {
    this.store = requireNonNull(store, "store is null");
    this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
    this.transactions = requireNonNull(transactions, "transactions is null");
  }

  /**
   * Runs {@code change}; the record ({@code record}, asked for when it is written) commits with
   * the change's first committed write. When {@code change} throws, its exception propagates
   * unchanged; whatever it committed before carries the record.
   */
  public <T> T run(Supplier<AuditEvent> record, Supplier<T> change) {
    Pending pending = new Pending(record);
    T result = Jdbc.withCompanion(pending, change);
    if (!pending.stored) {
      store.append(List.of(record.get()));
    }
    return result;
  }

  /**
   * Runs {@code change} in one local transaction ({@link Jdbc#inTransaction}: every store's writes
   * join it) whose last statement appends {@code record}, asked for after the change returned, so
   * that details the change filled in (the item after it) are in it. The access and governance
   * stores read their own uncommitted writes through this thread's transaction views meanwhile;
   * the caller refreshes them after the commit. For the management API's changes, whose stores
   * all write through {@link Jdbc}.
   */
  public <T> T runInOneTransaction(Supplier<AuditEvent> record, Supplier<T> change) {
    FollowedSnapshot.beginTransactionViews();
    try {
      return jdbc.inTransaction(connection -> {
        T result = change.get();
        store.append(List.of(record.get()));
        return result;
      });
    } finally {
      FollowedSnapshot.endTransactionViews();
    }
  }

  /** The record of one change, until a transaction holding it commits. */
  private final class Pending implements Jdbc.CommitCompanion {
    private final Supplier<AuditEvent> record;
    private volatile boolean stored;
    /** Set while the record is being appended (its own statements need no companion). */
    private boolean writing;
    private boolean inLocal;
    private Object jtaTransaction;

    Pending(Supplier<AuditEvent> record) {
      this.record = requireNonNull(record, "record is null");
    }

    @Override
    public boolean pending() {
      return !stored && !writing;
    }

    @Override
    public void beforeCommit() {
      append();
      inLocal = true;
    }

    @Override
    public void afterCommit() {
      if (inLocal) {
        stored = true;
        inLocal = false;
      }
    }

    @Override
    public void inJtaTransaction() {
      Object key = transactions.getTransactionKey();
      if (key == null || Objects.equals(key, jtaTransaction)) {
        return;
      }
      int status = transactions.getTransactionStatus();
      if (status != Status.STATUS_ACTIVE) {
        return; // marked for rollback: it commits nothing, the record waits for the next one
      }
      jtaTransaction = key;
      transactions.registerInterposedSynchronization(new Synchronization() {
        private boolean appended;

        @Override
        public void beforeCompletion() {
          if (!stored) {
            append();
            appended = true;
          }
        }

        @Override
        public void afterCompletion(int completion) {
          if (appended && completion == Status.STATUS_COMMITTED) {
            stored = true;
          }
          if (Objects.equals(jtaTransaction, key)) {
            jtaTransaction = null;
          }
        }
      });
    }

    private void append() {
      writing = true;
      try {
        store.append(List.of(record.get()));
      } finally {
        writing = false;
      }
    }
  }
}
