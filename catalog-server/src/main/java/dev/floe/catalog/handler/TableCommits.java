package dev.floe.catalog.handler;

import dev.floe.policy.Securable;
import dev.floe.policy.TableChange;
import dev.floe.policy.Target;
import java.util.EnumSet;
import java.util.Set;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.rest.requests.UpdateTableRequest;

/** What a table commit changes, for authorization: its data, its definition, or both. */
final class TableCommits {
  private TableCommits() {}

  static Target target(Securable table, UpdateTableRequest request) {
    return Target.of(table).withChanges(changes(request));
  }

  /**
   * {@link TableChange#DATA} for snapshots and references (what an engine's INSERT, DELETE or
   * compaction commits), {@link TableChange#METADATA} for everything else: schema, specs, sort
   * orders, properties, location, format version, statistics.
   */
  static Set<TableChange> changes(UpdateTableRequest request) {
    Set<TableChange> changes = EnumSet.noneOf(TableChange.class);
    for (MetadataUpdate update : request.updates()) {
      if (update instanceof MetadataUpdate.AddSnapshot
          || update instanceof MetadataUpdate.RemoveSnapshots
          || update instanceof MetadataUpdate.SetSnapshotRef
          || update instanceof MetadataUpdate.RemoveSnapshotRef) {
        changes.add(TableChange.DATA);
      } else {
        changes.add(TableChange.METADATA);
      }
    }
    return changes;
  }

  /** Whether the commit creates the table (the commit of a staged create). */
  static boolean createsTable(UpdateTableRequest request) {
    return request.requirements().stream().anyMatch(UpdateRequirement.AssertTableDoesNotExist.class::isInstance);
  }
}
