package dev.floe.catalog.handler;

import dev.floe.catalog.iceberg.FloeCatalog;
import dev.floe.policy.contracts.SchemaContractViolationException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import dev.floe.catalog.metrics.OperatorMetrics;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.rest.requests.CommitTransactionRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.jboss.logging.Logger;

/**
 * The one operation not taken from Iceberg's {@code CatalogHandlers}: the atomic multi-table
 * commit (CatalogHandlers' version is not atomic).
 */
@ApplicationScoped
public class MultiTableCommit {
  private static final Logger LOG = Logger.getLogger(MultiTableCommit.class);
  private static final int TRANSACTION_ATTEMPTS = 4;

  private final OperatorMetrics metrics;

  @jakarta.inject.Inject
  public MultiTableCommit(OperatorMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * Commits changes to several tables all or nothing: every requirement is checked against the
   * current metadata and every pointer swapped inside one PostgreSQL transaction. A concurrent
   * commit to any of the tables rolls the whole transaction back; it is retried from fresh
   * metadata a few times (requirements checked again), then reported as 409.
   */
  public void commit(FloeCatalog catalog, CommitTransactionRequest request) {
    List<UpdateTableRequest> changes = request.tableChanges();
    Set<TableIdentifier> seen = new HashSet<>();
    for (UpdateTableRequest change : changes) {
      if (change.identifier() == null) {
        throw new BadRequestException("Invalid table change: missing identifier");
      }
      if (!seen.add(change.identifier())) {
        throw new BadRequestException(
            "Invalid CommitTransactionRequest: table %s appears more than once", change.identifier());
      }
    }
    try {
      commitWithRetries(catalog, changes);
    } finally {
      // the pointers this node cached are read again once the transaction has ended (each
      // table's own commit dropped its entry before the transaction committed)
      changes.forEach(change -> catalog.forgetPointer(change.identifier()));
    }
  }

  private void commitWithRetries(FloeCatalog catalog, List<UpdateTableRequest> changes) {
    for (int attempt = 1; ; attempt++) {
      try {
        QuarkusTransaction.requiringNew().run(() -> {
          // every change is prepared and checked against the tables' schema contracts before
          // any metadata file is written, so a refusal leaves nothing behind
          List<Prepared> prepared = changes.stream().map(change -> prepare(catalog, change)).toList();
          prepared.forEach(change -> catalog.checkTableChange(change.identifier(), change.base(), change.updated()));
          prepared.forEach(Prepared::commit);
        });
        return;
      } catch (RequirementFailed e) {
        throw e.failure;
      } catch (SchemaContractViolationException e) {
        // refused by a table's schema contracts: the whole transaction is rolled back, not retried
        throw e;
      } catch (CommitFailedException e) {
        if (attempt >= TRANSACTION_ATTEMPTS) {
          throw e;
        }
        LOG.debugf("Multi-table commit conflicted (attempt %d), retrying: %s", attempt, e.getMessage());
        metrics.commitRetried();
      } catch (RuntimeException e) {
        RequirementFailed requirement = causeOf(e, RequirementFailed.class);
        if (requirement != null) {
          throw requirement.failure;
        }
        SchemaContractViolationException refused = causeOf(e, SchemaContractViolationException.class);
        if (refused != null) {
          throw refused;
        }
        CommitFailedException conflict = causeOf(e, CommitFailedException.class);
        if (conflict == null || attempt >= TRANSACTION_ATTEMPTS) {
          throw conflict != null ? conflict : e;
        }
        metrics.commitRetried();
      }
    }
  }

  /** A table's change, applied to its current metadata and not committed yet. */
  private record Prepared(TableIdentifier identifier, TableOperations operations, TableMetadata base, TableMetadata updated) {
    void commit() {
      if (!updated.changes().isEmpty()) {
        operations.commit(base, updated);
      }
    }
  }

  private static Prepared prepare(FloeCatalog catalog, UpdateTableRequest change) {
    Table table = catalog.loadTable(change.identifier());
    if (!(table instanceof BaseTable baseTable)) {
      throw new NoSuchTableException("Table does not exist: %s", change.identifier());
    }
    TableOperations operations = baseTable.operations();
    TableMetadata base = operations.current();
    try {
      change.requirements().forEach(requirement -> requirement.validate(base));
    } catch (CommitFailedException e) {
      throw new RequirementFailed(e);
    }
    TableMetadata.Builder builder = TableMetadata.buildFrom(base);
    change.updates().forEach(update -> update.applyTo(builder));
    return new Prepared(change.identifier(), operations, base, builder.build());
  }

  private static <T extends Throwable> T causeOf(Throwable error, Class<T> type) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  /** A requirement of the request does not hold: not retried, reported as 409. */
  private static final class RequirementFailed extends RuntimeException {
    private final CommitFailedException failure;

    private RequirementFailed(CommitFailedException failure) {
      super(failure.getMessage(), failure, false, false);
      this.failure = failure;
    }
  }
}
