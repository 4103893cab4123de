package dev.floe.catalog.handler;

import dev.floe.catalog.access.PostgresAccessStore;
import dev.floe.catalog.governance.PostgresGovernanceStore;
import dev.floe.audit.AuditEvent;
import dev.floe.catalog.audit.MutationRecords;
import dev.floe.catalog.auth.AccessGuard;
import dev.floe.catalog.metrics.OperatorMetrics;
import dev.floe.catalog.pii.PiiCommitScans;
import dev.floe.policy.Operation;
import dev.floe.policy.Securable;
import dev.floe.policy.SecurableType;
import dev.floe.policy.Target;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.rest.responses.ErrorResponse;

/**
 * The one path every change takes after it was authorized: it runs (once per {@code
 * Idempotency-Key} for the Iceberg API) and is recorded in the audit trail with the outcome it
 * really had, succeeded or failed, run now or replayed. A change that succeeds is recorded in the
 * database transaction that commits it ({@link MutationRecords}); a failed or replayed one changed
 * nothing and is recorded through the audit queue. A change that can bind, move or drop grants
 * (creating, renaming or dropping objects) refreshes this node's access data before it answers.
 */
@ApplicationScoped
public class AuditedChanges {
  /**
   * The changes that can bind, move or drop grants (triggers of V9__grant_binding.sql), and move
   * or drop governance items (V11__governance.sql).
   */
  private static final Set<Operation> MOVES_GRANTS =
      EnumSet.of(
          Operation.CREATE_CATALOG, Operation.DROP_CATALOG, // V3: catalog_admin is created with a catalog, roles and grants dropped with it
          Operation.CREATE_NAMESPACE,
          Operation.DROP_NAMESPACE,
          Operation.CREATE_TABLE,
          Operation.STAGE_CREATE_TABLE,
          Operation.REGISTER_TABLE,
          Operation.RENAME_TABLE,
          Operation.DROP_TABLE,
          Operation.PURGE_TABLE,
          Operation.COMMIT_TRANSACTION,
          Operation.CREATE_VIEW,
          Operation.REPLACE_VIEW,
          Operation.REGISTER_VIEW,
          Operation.RENAME_VIEW,
          Operation.DROP_VIEW);

  private final AccessGuard guard;
  private final MutationRecords records;
  private final Idempotency idempotency;
  private final PostgresAccessStore accessStore;
  private final PostgresGovernanceStore governanceStore;
  private final PiiCommitScans piiScans;
  private final OperatorMetrics metrics;

  @Inject
  public AuditedChanges(
      AccessGuard guard,
      MutationRecords records,
      Idempotency idempotency,
      PostgresAccessStore accessStore,
      PostgresGovernanceStore governanceStore,
      PiiCommitScans piiScans,
      OperatorMetrics metrics) {
    this.metrics = metrics;
    this.guard = guard;
    this.records = records;
    this.idempotency = idempotency;
    this.accessStore = accessStore;
    this.governanceStore = governanceStore;
    this.piiScans = piiScans;
  }

  /**
   * The management changes the metastore makes in JTA transactions of its own ({@code
   * @Transactional}): recorded in the one that commits them ({@link MutationRecords#run}) rather
   * than in one local transaction around the change.
   */
  private static final Set<Operation> IN_METASTORE_TRANSACTIONS =
      EnumSet.of(Operation.CREATE_CATALOG, Operation.UPDATE_CATALOG, Operation.DROP_CATALOG);

  /** The changes that may add columns or data to their tables: a PII scan may follow them. */
  private static final Set<Operation> ADDS_TABLE_CONTENT =
      EnumSet.of(Operation.CREATE_TABLE, Operation.REGISTER_TABLE, Operation.UPDATE_TABLE, Operation.COMMIT_TRANSACTION);

  /** A change of the Iceberg API, identified for its {@code Idempotency-Key} (null for none). */
  public record Request(String idempotencyKey, String resource, byte[] body) {}

  /**
   * Runs an Iceberg change once per key of the caller and records it; with a key, a failure is an
   * error answer (kept for replays), without one its exception propagates. Either way the audit
   * record carries the real outcome.
   */
  public Answer run(Request request, Operation operation, List<Target> targets, Supplier<Answer> change) {
    Answer answer;
    try {
      answer =
          idempotency.execute(
              guard.caller().name(),
              request.idempotencyKey(),
              operation,
              request.resource(),
              request.body(),
              () -> records.run(() -> guard.mutationEvent(operation, targets, true, "", Map.of()), change));
    } catch (RuntimeException e) {
      failed(operation, targets, e, Map.of());
      countCommit(operation, e instanceof CommitFailedException ? "conflict" : "failed");
      throw e;
    }
    Map<String, String> details = new TreeMap<>();
    details.put("status", String.valueOf(answer.status()));
    if (answer.replayed()) {
      details.put("replayed", "true");
    }
    Optional<ErrorResponse> error = answer.error();
    if (error.isPresent()) {
      details.put("error", error.get().type());
      guard.recordMutation(operation, targets, false, String.valueOf(error.get().message()), details);
      if (!answer.replayed()) {
        countCommit(operation, error.get().code() == 409 ? "conflict" : "failed");
      }
    } else {
      if (answer.replayed()) {
        // the change ran (and was recorded) before; this request changed nothing
        guard.recordMutation(operation, targets, true, "replayed", details);
      }
      afterChange(operation);
      if (!answer.replayed()) {
        countCommit(operation, "committed");
      }
      if (ADDS_TABLE_CONTENT.contains(operation) && !answer.replayed()) {
        for (Target target : targets) {
          Securable table = target.securable();
          if (table.type() == SecurableType.TABLE) {
            piiScans.committed(
                table.catalogName(), TableIdentifier.of(Namespace.of(table.namespaceLevels().toArray(String[]::new)), table.name()));
          }
        }
      }
    }
    return answer;
  }

  /**
   * Runs a change of the management API and records it, succeeded or failed: in one transaction
   * with its record ({@link MutationRecords#runInOneTransaction}). {@code details} is recorded
   * after the change ran: a change may add to it (the governance changes put the item as it is
   * after the change there).
   */
  public <T> T run(Operation operation, List<Target> targets, Map<String, String> details, Supplier<T> change) {
    T result;
    try {
      Supplier<AuditEvent> record = () -> guard.mutationEvent(operation, targets, true, "", details);
      result = IN_METASTORE_TRANSACTIONS.contains(operation) ? records.run(record, change) : records.runInOneTransaction(record, change);
    } catch (RuntimeException e) {
      failed(operation, targets, e, details);
      throw e;
    }
    // the stores read this change through the transaction's views; now they follow the commit
    accessStore.refreshIfChanged();
    governanceStore.refreshIfChanged();
    afterChange(operation);
    return result;
  }

  /** As {@link #run(Operation, List, Map, Supplier)}, for a change without a result. */
  public void run(Operation operation, List<Target> targets, Map<String, String> details, Runnable change) {
    run(operation, targets, details, () -> {
      change.run();
      return null;
    });
  }

  /** Counts the outcome of a change that commits table metadata (see {@link OperatorMetrics#tableCommit}). */
  private void countCommit(Operation operation, String outcome) {
    if (ADDS_TABLE_CONTENT.contains(operation)) {
      metrics.tableCommit(outcome);
    }
  }

  private void failed(Operation operation, List<Target> targets, RuntimeException error, Map<String, String> details) {
    Map<String, String> withError = new TreeMap<>(details);
    withError.put("error", error.getClass().getSimpleName());
    guard.recordMutation(operation, targets, false, String.valueOf(error.getMessage()), withError);
  }

  private void afterChange(Operation operation) {
    if (MOVES_GRANTS.contains(operation)) {
      // this node decides with the database's grant changes from its next request on, the others
      // when the notification arrives
      accessStore.refreshIfChanged();
      // the same triggers' kind moves and drops tag assignments, row filters and column masks
      // bound to renamed and dropped objects (V11), and gives a new catalog its hash salt
      governanceStore.refreshIfChanged();
    }
  }
}
