package dev.floe.catalog.metastore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The prefix arithmetic and the one conflict rule of storage ownership. */
class TestStorageOwnership {
  private static OwnedPrefix object(String prefix, long id) {
    return new OwnedPrefix(prefix, OwnedPrefix.Kind.OBJECT, id, null, null, null);
  }

  private static OwnedPrefix namespace(String prefix, long id) {
    return new OwnedPrefix(prefix, OwnedPrefix.Kind.NAMESPACE, null, id, null, null);
  }

  private static OwnedPrefix staged(String prefix, String path) {
    return new OwnedPrefix(prefix, OwnedPrefix.Kind.STAGED, null, null, null, path);
  }

  private static OwnedPrefix purge(String prefix, long job) {
    return new OwnedPrefix(prefix, OwnedPrefix.Kind.PURGE, null, null, job, null);
  }

  @Test
  void prefixesCompareByPathSegments() {
    assertThat(StoragePrefixes.of("s3://b/ns/t1")).isEqualTo("s3://b/ns/t1/");
    assertThat(StoragePrefixes.of("s3a://b/ns/t1")).isEqualTo("s3://b/ns/t1/");
    assertThat(StoragePrefixes.of("s3n://b/ns/t1/")).isEqualTo("s3://b/ns/t1/");
    assertThat(StoragePrefixes.overlap("s3://b/ns/t1/", "s3://b/ns/t10/")).isFalse();
    assertThat(StoragePrefixes.overlap("s3://b/ns/t1/", "s3://b/ns/t1/data/")).isTrue();
    assertThat(StoragePrefixes.overlap("s3://b/ns/", "s3://b/ns/t1/")).isTrue();
    assertThat(StoragePrefixes.overlap("s3://b/ns/t1/", "s3://c/ns/t1/")).isFalse();
    assertThat(StoragePrefixes.strictlyContains("s3://b/ns/", "s3://b/ns/")).isFalse();
    assertThat(StoragePrefixes.strictlyContains("s3://b/ns/", "s3://b/ns/t/")).isTrue();
    assertThat(StoragePrefixes.authority("s3://b/ns/t/")).isEqualTo("s3://b");
    assertThat(StoragePrefixes.authority("file:///x/y/")).isEqualTo("file://");
    assertThat(StoragePrefixes.ancestorsAndSelf("s3://b/x/y/")).containsExactly("s3://b/", "s3://b/x/", "s3://b/x/y/");
    assertThat(StoragePrefixes.ancestorsAndSelf("file:///x/y/")).containsExactly("file:///", "file:///x/", "file:///x/y/");
    // everything below a prefix sorts before its upper bound, nothing else that starts alike does
    String upper = StoragePrefixes.upperBound("s3://b/t1/");
    assertThat("s3://b/t1/zzz/".compareTo(upper)).isNegative();
    assertThat("s3://b/t10/".compareTo(upper)).isPositive();
    assertThat("s3://b/t1-x/".compareTo("s3://b/t1/")).isNegative();
  }

  @Test
  void aTableOrViewOverlapsNoOtherObjectStagedTableOrPurge() {
    StorageClaimant newTable = new StorageClaimant.TableOrView(null, 1, "ns\u001ft", Set.of(10L), true);
    StorageClaimant existing = new StorageClaimant.TableOrView(7L, 1, "ns\u001ft", Set.of(10L), true);
    String claimed = "s3://b/ns/t/";
    assertThat(newTable.conflictsWith(claimed, object("s3://b/ns/t/", 7))).isTrue();
    assertThat(newTable.conflictsWith(claimed, object("s3://b/ns/t/data/", 7))).isTrue();
    assertThat(newTable.conflictsWith(claimed, object("s3://b/ns/", 7))).isTrue();
    assertThat(newTable.conflictsWith(claimed, object("s3://b/ns/t10/", 7))).isFalse();
    assertThat(existing.conflictsWith(claimed, object("s3://b/ns/t/data/", 7))).as("its own prefixes").isFalse();
    assertThat(newTable.conflictsWith(claimed, purge("s3://b/ns/t/", 3))).isTrue();
    assertThat(newTable.conflictsWith(claimed, staged("s3://b/ns/t/x/", "ns\u001fother"))).isTrue();
    assertThat(newTable.conflictsWith(claimed, staged("s3://b/ns/t/", "ns\u001ft"))).as("its own staged reservation").isFalse();
  }

  @Test
  void aTableOrViewLiesOnlyInsideItsOwnNamespacesWhenStructured() {
    StorageClaimant structured = new StorageClaimant.TableOrView(null, 1, "a\u001ft", Set.of(10L, 11L), true);
    StorageClaimant unstructured = new StorageClaimant.TableOrView(null, 1, "a\u001ft", Set.of(10L, 11L), false);
    String claimed = "s3://b/a/t/";
    // its own namespace and its ancestors may contain it
    assertThat(structured.conflictsWith(claimed, namespace("s3://b/a/", 11))).isFalse();
    assertThat(structured.conflictsWith(claimed, namespace("s3://b/", 10))).isFalse();
    // another namespace's directory only without structure
    assertThat(structured.conflictsWith(claimed, namespace("s3://b/a/", 12))).isTrue();
    assertThat(unstructured.conflictsWith(claimed, namespace("s3://b/a/", 12))).isFalse();
    // never holds a namespace's directory, nor sits exactly on one
    assertThat(unstructured.conflictsWith(claimed, namespace("s3://b/a/t/child/", 13))).isTrue();
    assertThat(unstructured.conflictsWith(claimed, namespace("s3://b/a/t/", 11))).isTrue();
  }

  @Test
  void aNamespaceLiesOnlyInsideItsAncestors() {
    StorageClaimant child = new StorageClaimant.Namespace(null, Set.of(10L));
    assertThat(child.conflictsWith("s3://b/p/c/", namespace("s3://b/p/", 10))).isFalse();
    assertThat(child.conflictsWith("s3://b/p/", namespace("s3://b/p/", 10))).as("not on its parent").isTrue();
    assertThat(child.conflictsWith("s3://b/p/c/", namespace("s3://b/p/c/", 20))).as("a sibling's").isTrue();
    assertThat(child.conflictsWith("s3://b/p/c/", namespace("s3://b/p/c/d/", 20))).as("around another's").isTrue();
    assertThat(child.conflictsWith("s3://b/p/c/", namespace("s3://b/q/", 20))).isFalse();
    assertThat(child.conflictsWith("s3://b/p/c/", object("s3://b/p/c/t/", 5))).isTrue();
    assertThat(child.conflictsWith("s3://b/p/c/", object("s3://b/p/", 5))).isTrue();
    StorageClaimant moving = new StorageClaimant.Namespace(20L, Set.of(10L));
    assertThat(moving.conflictsWith("s3://b/p/c/", namespace("s3://b/p/c/", 20))).as("its own").isFalse();
  }
}
