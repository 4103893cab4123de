package dev.floe.catalog.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.storage.LocationPolicy;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.junit.jupiter.api.Test;

/** The checks of a catalog's locations before anything is claimed. */
class TestStorageRules {
  private static final LocationPolicy ROOTS = new LocationPolicy("file:///lake/cat", "file:///shared");
  private static final String DATA = "file:///shared/floe-data";

  private static StorageRules rules(boolean structured) {
    return new StorageRules(
        ROOTS, structured, namespace -> namespace.isEmpty() ? "file:///lake/cat" : "file:///lake/cat/" + namespace.level(0), DATA);
  }

  @Test
  void nothingButTheWarehouseMayTouchTheServersDataDirectory() {
    StorageRules rules = rules(false);
    Namespace ns = Namespace.of("ns");
    assertThatThrownBy(() -> rules.namespaceClaim(ns, DATA + "/postgres"))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("data directory");
    assertThatThrownBy(() -> rules.namespaceClaim(ns, "file:///shared"))
        .as("around it")
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> rules.checkMetadataFile(DATA + "/root-credentials"))
        .isInstanceOf(ForbiddenException.class);
    assertThat(rules.namespaceClaim(ns, DATA + "/warehouse/ns").prefix()).isEqualTo(DATA + "/warehouse/ns/");
    assertThat(rules.namespaceClaim(ns, "file:///shared/elsewhere").prefix()).isEqualTo("file:///shared/elsewhere/");
  }

  @Test
  void structuredLocationsLieBelowTheirParent() {
    StorageRules rules = rules(true);
    assertThat(rules.namespaceClaim(Namespace.of("ns"), "file:///lake/cat/ns-x").prefix()).isEqualTo("file:///lake/cat/ns-x/");
    assertThatThrownBy(() -> rules.namespaceClaim(Namespace.of("ns"), "file:///lake/cat"))
        .as("not on its parent")
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("allow-unstructured-locations");
    assertThatThrownBy(() -> rules.namespaceClaim(Namespace.of("ns"), "file:///shared/ns"))
        .isInstanceOf(ForbiddenException.class);
  }
}
