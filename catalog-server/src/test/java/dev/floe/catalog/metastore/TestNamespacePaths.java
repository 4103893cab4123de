package dev.floe.catalog.metastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.iceberg.catalog.Namespace;
import org.junit.jupiter.api.Test;

class TestNamespacePaths {
  @Test
  void pathsRoundTrip() {
    Namespace nested = Namespace.of("a", "b.c", "d e");
    assertThat(NamespacePaths.path(nested)).isEqualTo("a\u001fb.c\u001fd e");
    assertThat(NamespacePaths.namespace(NamespacePaths.path(nested))).isEqualTo(nested);
    assertThat(NamespacePaths.parentPath(nested)).isEqualTo("a\u001fb.c");
    assertThat(NamespacePaths.parentPath(Namespace.of("top"))).isEmpty();
    assertThat(NamespacePaths.namespace("")).isEqualTo(Namespace.empty());
  }

  @Test
  void pageTokensAreOpaqueAndRoundTrip() {
    String token = NamespacePaths.pageToken("table/with ünïcode");
    assertThat(token).doesNotContain("/").doesNotContain(" ");
    assertThat(NamespacePaths.afterName(token)).isEqualTo("table/with ünïcode");
    assertThat(NamespacePaths.afterName(null)).isNull();
    assertThat(NamespacePaths.afterName("")).isNull();
    assertThatThrownBy(() -> NamespacePaths.afterName("%%%"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pageToken");
  }
}
