package dev.floe.catalog.handler;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.auth.AccessGuard;
import dev.floe.catalog.iceberg.CatalogRegistry;
import dev.floe.catalog.iceberg.NoSuchWarehouseException;
import dev.floe.catalog.pii.PiiProposalRecord;
import dev.floe.catalog.pii.PiiProposalStore;
import dev.floe.catalog.pii.PiiScanJob;
import dev.floe.catalog.pii.PiiScans;
import dev.floe.policy.Operation;
import dev.floe.policy.Securable;
import dev.floe.policy.SecurableType;
import dev.floe.policy.Target;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.RuntimeIOException;
import org.apache.iceberg.types.Types;

/**
 * PII detection in the management API: scans (START_PII_SCAN on the table or namespace), the
 * proposals they make (LIST_PII_PROPOSALS on the catalog) and their acceptance or rejection
 * (DECIDE_PII_PROPOSAL on the table, audited with who decided). All need CATALOG_MANAGE_POLICIES:
 * reading a table's data to classify it is a policy task. Accepting assigns the tag through
 * {@link GovernanceManagement#assign}, with its checks (ASSIGN_TAG and the tag's applier roles)
 * and its own audit record.
 */
@ApplicationScoped
public class PiiManagement {
  private final PiiScans scans;
  private final PiiProposalStore store;
  private final GovernanceManagement governance;
  private final CatalogRegistry registry;
  private final AccessGuard guard;
  private final AuditedChanges changes;

  /** A proposal with its column's current name (empty when the column is no longer in the table's schema). */
  public record ProposalView(PiiProposalRecord record, Optional<String> column) {
    public ProposalView {
      requireNonNull(record, "record is null");
      requireNonNull(column, "column is null");
    }
  }

  @Inject
  public PiiManagement(
      PiiScans scans, PiiProposalStore store, GovernanceManagement governance, CatalogRegistry registry, AccessGuard guard, AuditedChanges changes) {
    this.scans = requireNonNull(scans, "scans is null");
    this.store = requireNonNull(store, "store is null");
    this.governance = requireNonNull(governance, "governance is null");
    this.registry = requireNonNull(registry, "registry is null");
    this.guard = requireNonNull(guard, "guard is null");
    this.changes = requireNonNull(changes, "changes is null");
  }

  /** Starts a scan of a table, or of every table of a namespace; 404 for one that does not exist. */
  public PiiScanJob startScan(Securable on) {
    String catalog = on.catalogName();
    Target target = Target.of(on);
    authorizeInCatalog(Operation.START_PII_SCAN, target, catalog);
    Namespace namespace = Namespace.of(on.namespaceLevels().toArray(String[]::new));
    Optional<String> table = on.type() == SecurableType.TABLE ? Optional.of(on.name()) : Optional.empty();
    Map<String, String> details = new TreeMap<>();
    return changes.run(Operation.START_PII_SCAN, List.of(target), details, () -> {
      PiiScanJob job = scans.start(catalog, namespace, table, actor());
      details.put("job", job.id());
      details.put("tables", Integer.toString(job.tablesTotal()));
      return job;
    });
  }

  public PiiScanJob scan(String catalog, String id) {
    authorizeInCatalog(Operation.LIST_PII_PROPOSALS, Target.of(Securable.catalog(catalog)), catalog);
    return scans.job(catalog, id).orElseThrow(() -> new NotFoundException("PII scan does not exist on this node: %s", id));
  }

  public List<ProposalView> proposals(
      String catalog, Optional<PiiProposalRecord.Status> status, Optional<Namespace> namespace, Optional<String> table) {
    authorizeInCatalog(Operation.LIST_PII_PROPOSALS, Target.of(Securable.catalog(catalog)), catalog);
    Map<TableIdentifier, Optional<Schema>> schemas = new HashMap<>();
    List<ProposalView> views = new ArrayList<>();
    for (PiiProposalRecord record : store.proposals(catalog, status, namespace, table)) {
      views.add(view(record, schemas));
    }
    return views;
  }

  /** Accepts a proposal: assigns its tag to its column (as a tag assignment made by the caller). */
  public ProposalView accept(String catalog, long id) {
    return decide(catalog, id, PiiProposalRecord.Status.ACCEPTED);
  }

  public ProposalView reject(String catalog, long id) {
    return decide(catalog, id, PiiProposalRecord.Status.REJECTED);
  }

  private ProposalView decide(String catalog, long id, PiiProposalRecord.Status decision) {
    authorizeInCatalog(Operation.DECIDE_PII_PROPOSAL, Target.of(Securable.catalog(catalog)), catalog);
    PiiProposalRecord before = existing(catalog, id);
    Securable table = Securable.table(catalog, List.of(before.table().namespace().levels()), before.table().name());
    Map<String, String> details = new TreeMap<>();
    details.put("proposal", Long.toString(id));
    details.put("tag", before.tag());
    details.put("field-id", Integer.toString(before.fieldId()));
    details.put("decision", decision.value());
    details.put("decided-by", actor());
    changes.run(Operation.DECIDE_PII_PROPOSAL, List.of(Target.of(table)), details, () -> {
      if (before.status() != PiiProposalRecord.Status.PROPOSED) {
        throw new BadRequestException("PII proposal %d is already %s", id, before.status().value());
      }
      if (decision == PiiProposalRecord.Status.ACCEPTED) {
        String column = view(before, new HashMap<>()).column()
            .orElseThrow(() -> new BadRequestException("PII proposal %d is on field id %d, no longer a column of %s", id, before.fieldId(), before.table()));
        try {
          details.put("assignment", Long.toString(governance.assign(table, Optional.of(column), before.tag()).record().assignment().id()));
        } catch (AlreadyExistsException e) {
          details.put("assignment", "already assigned");
        }
      }
      if (!store.decide(catalog, id, decision, actor())) {
        throw new BadRequestException("PII proposal %d was decided meanwhile", id);
      }
    });
    return view(existing(catalog, id), new HashMap<>());
  }

  private PiiProposalRecord existing(String catalog, long id) {
    return store.proposal(catalog, id).orElseThrow(() -> new NotFoundException("PII proposal does not exist: %d", id));
  }

  private ProposalView view(PiiProposalRecord record, Map<TableIdentifier, Optional<Schema>> schemas) {
    Optional<Schema> schema = schemas.computeIfAbsent(record.table(), identifier -> schema(record.catalog(), identifier));
    return new ProposalView(record, schema.map(current -> current.findField(record.fieldId())).map(Types.NestedField::name));
  }

  private Optional<Schema> schema(String catalog, TableIdentifier identifier) {
    try {
      return Optional.of(registry.catalog(catalog).currentMetadata(identifier).schema());
    } catch (NotFoundException | NoSuchTableException | RuntimeIOException e) {
      return Optional.empty();
    }
  }

  private void authorizeInCatalog(Operation operation, Target target, String catalog) {
    guard.authorizeExisting(
        operation,
        target,
        () -> registry.find(catalog).isPresent(),
        () -> new NoSuchWarehouseException("Warehouse does not exist: %s", catalog));
  }

  private String actor() {
    return guard.caller().name();
  }
}
