package dev.floe.catalog.iceberg;

import dev.floe.catalog.storage.LocationPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.junit.jupiter.api.Test;

class TestLocationPolicy {
  private final LocationPolicy policy =
      new LocationPolicy("file:///data/warehouse/", "s3://bucket/tables, file:/tmp/scratch");

  @Test
  void normalizesSpellingsOfTheSameLocation() {
    assertThat(LocationPolicy.normalize("file:/data/warehouse/", "x")).isEqualTo("file:///data/warehouse");
    assertThat(LocationPolicy.normalize("FILE:///data/warehouse", "x")).isEqualTo("file:///data/warehouse");
    assertThat(LocationPolicy.normalize("s3://bucket/a/b//", "x")).isEqualTo("s3://bucket/a/b");
    assertThat(policy.roots())
        .containsExactly("file:///data/warehouse", "s3://bucket/tables", "file:///tmp/scratch");
  }

  @Test
  void acceptsLocationsAtOrUnderARoot() {
    assertThat(policy.check("file:///data/warehouse/ns/t", "table location"))
        .isEqualTo("file:///data/warehouse/ns/t");
    assertThat(policy.check("s3://bucket/tables", "table location")).isEqualTo("s3://bucket/tables");
    assertThat(policy.check("file:/tmp/scratch/x", "table location")).isEqualTo("file:///tmp/scratch/x");
  }

  @Test
  void refusesLocationsOutsideTheRoots() {
    for (String outside :
        new String[] {
          "file:///data/warehouse-evil/t", // a prefix of the string, not of the path
          "file:///etc/passwd",
          "s3://bucket/tablesX/t",
          "s3://other-bucket/tables/t",
          "gs://bucket/tables/t",
        }) {
      assertThatThrownBy(() -> policy.check(outside, "table location"))
          .as(outside)
          .isInstanceOf(ForbiddenException.class)
          .hasMessageContaining(outside)
          .hasMessageContaining("allowed locations");
    }
  }

  @Test
  void refusesTraversalAndTricks() {
    for (String tricky :
        new String[] {
          "file:///data/warehouse/../etc",
          "file:///data/warehouse/ns/./t",
          "file:///data/warehouse/%2e%2e/etc",
          "file:///data/warehouse/a%2Fb",
          "s3://bucket/tables/t?x=1",
          "s3://bucket/tables/t#frag",
          "s3://user@bucket/tables/t",
          "file://host/data/warehouse/t",
          "file:///data/warehouse/t\u0000",
          "file:///data\\warehouse/t",
          "relative/path",
          "",
          "file:///",
        }) {
      assertThatThrownBy(() -> policy.check(tricky, "table location"))
          .as(tricky)
          .isInstanceOf(BadRequestException.class);
    }
  }
}
