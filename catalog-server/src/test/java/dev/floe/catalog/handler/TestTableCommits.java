package dev.floe.catalog.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.policy.TableChange;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.junit.jupiter.api.Test;

class TestTableCommits {
  @Test
  void snapshotsAndReferencesAreDataEverythingElseMetadata() {
    assertThat(TableCommits.changes(request(new MetadataUpdate.RemoveSnapshots(Set.of(1L)))))
        .containsExactly(TableChange.DATA);
    assertThat(TableCommits.changes(request(new MetadataUpdate.SetSnapshotRef("main", 1L, SnapshotRef.branchBuilder(1L).build().type(), null, null, null))))
        .containsExactly(TableChange.DATA);
    assertThat(TableCommits.changes(request(new MetadataUpdate.RemoveSnapshotRef("b")))).containsExactly(TableChange.DATA);
    assertThat(TableCommits.changes(request(new MetadataUpdate.SetProperties(Map.of("k", "v"))))).containsExactly(TableChange.METADATA);
    assertThat(TableCommits.changes(request(new MetadataUpdate.SetLocation("file:///x")))).containsExactly(TableChange.METADATA);
    assertThat(TableCommits.changes(request(new MetadataUpdate.SetProperties(Map.of("k", "v")), new MetadataUpdate.RemoveSnapshotRef("b"))))
        .containsExactlyInAnyOrder(TableChange.DATA, TableChange.METADATA);
    // nothing named: the commit needs what a metadata change needs (Operation.requirements)
    assertThat(TableCommits.changes(request())).isEmpty();
  }

  @Test
  void onlyAnAssertCreateMakesACommitACreate() {
    assertThat(TableCommits.createsTable(new UpdateTableRequest(List.of(new UpdateRequirement.AssertTableDoesNotExist()), List.of()))).isTrue();
    assertThat(TableCommits.createsTable(new UpdateTableRequest(List.of(new UpdateRequirement.AssertTableUUID("u")), List.of()))).isFalse();
    assertThat(TableCommits.createsTable(request())).isFalse();
  }

  private static UpdateTableRequest request(MetadataUpdate... updates) {
    return new UpdateTableRequest(List.of(), List.of(updates));
  }
}
