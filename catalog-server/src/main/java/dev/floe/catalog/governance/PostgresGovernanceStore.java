package dev.floe.catalog.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.metastore.FollowedSnapshot;
import dev.floe.catalog.metastore.Jdbc;
import dev.floe.policy.Securable;
import dev.floe.policy.governance.ColumnMaskPolicy;
import dev.floe.policy.governance.GovernanceState;
import dev.floe.policy.governance.MaskTarget;
import dev.floe.policy.governance.RowFilterPolicy;
import dev.floe.policy.governance.TagDefinition;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Tag definitions, tag assignments, row filters, column masks and hash salts in PostgreSQL (tables
 * of {@code V11__governance.sql}), held in memory as one immutable {@link GovernanceSnapshot}: one
 * {@link GovernanceState} per catalog, all at one governance version. Loaded at start ({@link
 * GovernanceStartup}), reloaded after each of this node's own writes (before the write returns),
 * when a {@code NOTIFY} on {@value #CHANNEL} or the periodic version check shows a newer version
 * (another node's change, a cascade from a drop, a rename's rewrite), and by {@link
 * #refreshIfChanged()} after this node's own renames and drops.
 */
@ApplicationScoped
public class PostgresGovernanceStore implements GovernanceSource {
  /** The notification channel of the migration's triggers. */
  public static final String CHANNEL = "floe_governance";

  /** The application name of the listener's connection, as {@code pg_stat_activity} shows it. */
  public static final String LISTENER_NAME = "floe-governance-listener";

  private final Jdbc jdbc;
  private final GovernanceWrites writes;
  private final FollowedSnapshot<GovernanceSnapshot> snapshot;

  @Inject
  public PostgresGovernanceStore(DataSource dataSource, GovernanceConfig config) {
    this(dataSource, config.versionCheckInterval());
  }

  public PostgresGovernanceStore(DataSource dataSource, Duration versionCheckInterval) {
    requireNonNull(dataSource, "dataSource is null");
    requireNonNull(versionCheckInterval, "versionCheckInterval is null");
    if (versionCheckInterval.isNegative() || versionCheckInterval.isZero()) {
      throw new IllegalArgumentException(
          "Invalid floe.governance.version-check-interval " + versionCheckInterval + ": must be positive");
    }
    this.jdbc = new Jdbc(dataSource);
    this.writes = new GovernanceWrites(jdbc);
    this.snapshot =
        new FollowedSnapshot<>(
            CHANNEL,
            LISTENER_NAME,
            dataSource,
            versionCheckInterval,
            GovernanceSnapshotLoader::load,
            GovernanceSnapshotLoader::storedVersion,
            GovernanceSnapshot::version,
            GovernanceSnapshot.EMPTY);
  }

  /** Loads the data and starts following changes; idempotent. */
  public void start() {
    snapshot.start();
  }

  void onShutdown(@Observes ShutdownEvent event) {
    stop();
  }

  /** Stops following changes (the snapshot stays readable). */
  @PreDestroy
  public void stop() {
    snapshot.stop();
  }

  // ---------------------------------------------------------------- GovernanceSource

  @Override
  public long version() {
    return current().version();
  }

  @Override
  public GovernanceState stateOf(String catalog) {
    return current().stateOf(requireNonNull(catalog, "catalog is null"));
  }

  @Override
  public Optional<String> hashSalt(String catalog) {
    return current().hashSalt(requireNonNull(catalog, "catalog is null"));
  }

  // ---------------------------------------------------------------- reads for the management API

  /** Every tag definition, by name. */
  public Collection<TagRecord> tags() {
    return current().tags();
  }

  public Optional<TagRecord> tag(String name) {
    return current().tag(requireNonNull(name, "name is null"));
  }

  /** The tag assignments of a catalog, by id. */
  public List<AssignmentRecord> assignments(String catalog) {
    return current().assignments(catalog);
  }

  /** Every tag assignment of every catalog. */
  public Collection<AssignmentRecord> allAssignments() {
    return current().allAssignments();
  }

  /** An assignment of a catalog. */
  public Optional<AssignmentRecord> assignment(String catalog, long id) {
    return current().assignment(id).filter(record -> record.catalog().equals(catalog));
  }

  public List<PolicyRecord<RowFilterPolicy>> rowFilters(String catalog) {
    return current().rowFilters(catalog);
  }

  public Optional<PolicyRecord<RowFilterPolicy>> rowFilter(String catalog, long id) {
    return current().rowFilter(id).filter(record -> record.catalog().equals(catalog));
  }

  public List<PolicyRecord<ColumnMaskPolicy>> columnMasks(String catalog) {
    return current().columnMasks(catalog);
  }

  /** Every column mask of every catalog. */
  public Collection<PolicyRecord<ColumnMaskPolicy>> allColumnMasks() {
    return current().allColumnMasks();
  }

  public Optional<PolicyRecord<ColumnMaskPolicy>> columnMask(String catalog, long id) {
    return current().columnMask(id).filter(record -> record.catalog().equals(catalog));
  }

  // ---------------------------------------------------------------- writes

  /** Defines a tag (its parent must be defined); 409 when it exists. */
  public TagRecord createTag(TagDefinition tag, String actor) {
    changed(() -> writes.createTag(tag, actor));
    return tag(tag.name()).orElseThrow();
  }

  /** Replaces a tag's description and applier roles, raising its version; 404 when undefined. */
  public TagRecord updateTag(TagDefinition tag, String actor) {
    changed(() -> writes.updateTag(tag, actor));
    return tag(tag.name()).orElseThrow();
  }

  /** Drops a tag definition (see {@link GovernanceWrites#dropTag}). */
  public void dropTag(String name, boolean force) {
    changed(() -> writes.dropTag(name, force));
  }

  /** Assigns a tag to a securable, or to a column of a table or view; 404 for a missing object. */
  public AssignmentRecord assign(Securable securable, OptionalInt fieldId, String tag, String actor) {
    long id = changed(() -> writes.assign(securable, fieldId, tag, actor));
    return current().assignment(id).orElseThrow();
  }

  public void unassign(String catalog, long id) {
    requireAssignment(catalog, id);
    changed(() -> writes.unassign(id));
  }

  public PolicyRecord<RowFilterPolicy> createRowFilter(Securable table, String storedExpression, String audienceJson, String actor) {
    long id = changed(() -> writes.createRowFilter(table, storedExpression, audienceJson, actor));
    return current().rowFilter(id).orElseThrow();
  }

  public PolicyRecord<RowFilterPolicy> updateRowFilter(String catalog, long id, String storedExpression, String audienceJson, String actor) {
    rowFilter(catalog, id).orElseThrow(() -> new org.apache.iceberg.exceptions.NotFoundException("Row filter does not exist: %d", id));
    changed(() -> writes.updateRowFilter(id, storedExpression, audienceJson, actor));
    return current().rowFilter(id).orElseThrow();
  }

  public void dropRowFilter(String catalog, long id) {
    rowFilter(catalog, id).orElseThrow(() -> new org.apache.iceberg.exceptions.NotFoundException("Row filter does not exist: %d", id));
    changed(() -> writes.dropRowFilter(id));
  }

  /** Creates ({@code id} empty) or replaces a column mask of {@code catalog}. */
  public PolicyRecord<ColumnMaskPolicy> saveColumnMask(
      Optional<Long> id, String catalog, MaskTarget target, String maskJson, String audienceJson, String actor) {
    id.ifPresent(existing -> columnMask(catalog, existing).orElseThrow(() -> missingMask(existing)));
    long saved = changed(() -> writes.saveColumnMask(id, catalog, target, maskJson, audienceJson, actor));
    return current().columnMask(saved).orElseThrow();
  }

  public void dropColumnMask(String catalog, long id) {
    columnMask(catalog, id).orElseThrow(() -> missingMask(id));
    changed(() -> writes.dropColumnMask(id));
  }

  /**
   * Runs a one-time step once across all nodes, in one transaction with its record; returns
   * whether it ran now. The step writes through the {@link GovernanceWrites} it is given (never
   * through this store's methods, which reload between writes).
   */
  boolean runOnce(String name, java.util.function.Function<GovernanceWrites, String> step) {
    if (writes.migrationDone(name)) {
      return false;
    }
    boolean ran = writes.runOnce(name, step);
    snapshot.reload();
    return ran;
  }

  // ---------------------------------------------------------------- snapshot

  /**
   * Reloads the snapshot if the stored version differs from the one held: after this node's own
   * changes of other stores that the triggers turned into governance changes (a table renamed or
   * dropped, a catalog created or dropped).
   */
  public void refreshIfChanged() {
    snapshot.refreshIfChanged();
  }

  private GovernanceSnapshot current() {
    return snapshot.current();
  }

  private void requireAssignment(String catalog, long id) {
    assignment(catalog, id).orElseThrow(() -> new org.apache.iceberg.exceptions.NotFoundException("Tag assignment does not exist: %d", id));
  }

  private static RuntimeException missingMask(long id) {
    return new org.apache.iceberg.exceptions.NotFoundException("Column mask does not exist: %d", id);
  }

  private <T> T changed(Supplier<T> write) {
    return snapshot.afterWrite(write);
  }

  private void changed(Runnable write) {
    snapshot.afterWrite(write);
  }
}
