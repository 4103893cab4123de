package dev.floe.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TestSecurable {
  private static final Securable TABLE = Securable.table("lake", List.of("sales", "eu"), "orders");

  @Test
  void knowsItsParts() {
    assertThat(TABLE.path()).containsExactly("lake", "sales", "eu", "orders");
    assertThat(TABLE.catalogName()).isEqualTo("lake");
    assertThat(TABLE.namespaceLevels()).containsExactly("sales", "eu");
    assertThat(TABLE.name()).isEqualTo("orders");
    assertThat(TABLE.catalogSecurable()).isEqualTo(Securable.catalog("lake"));
    assertThat(Securable.namespace("lake", "sales").namespaceLevels()).containsExactly("sales");
    assertThat(Securable.catalog("lake").namespaceLevels()).isEmpty();
    assertThat(TABLE).hasToString("table lake.sales.eu.orders");
  }

  @Test
  void walksUpToTheCatalog() {
    assertThat(TABLE.parent()).contains(Securable.namespace("lake", "sales", "eu"));
    assertThat(Securable.namespace("lake", "sales").parent()).contains(Securable.catalog("lake"));
    assertThat(Securable.catalog("lake").parent()).isEmpty();
    assertThat(TABLE.selfAndAncestors())
        .containsExactly(
            TABLE,
            Securable.namespace("lake", "sales", "eu"),
            Securable.namespace("lake", "sales"),
            Securable.catalog("lake"));
  }

  @Test
  void ancestryFollowsPathsAndTypes() {
    Securable sales = Securable.namespace("lake", "sales");
    assertThat(sales.isStrictAncestorOf(TABLE)).isTrue();
    assertThat(Securable.catalog("lake").isStrictAncestorOf(TABLE)).isTrue();
    assertThat(TABLE.isStrictAncestorOf(TABLE)).isFalse();
    assertThat(TABLE.isSelfOrAncestorOf(TABLE)).isTrue();
    assertThat(Securable.namespace("lake", "sal").isStrictAncestorOf(TABLE)).isFalse();
    assertThat(Securable.catalog("other").isStrictAncestorOf(TABLE)).isFalse();
    assertThat(TABLE.isStrictAncestorOf(Securable.namespace("lake", "sales", "eu", "orders", "x")))
        .as("a table contains nothing")
        .isFalse();
    assertThat(Securable.view("lake", List.of("sales", "eu"), "orders").isSelfOrAncestorOf(TABLE)).isFalse();
  }

  @Test
  void keepsDotsInsideNames() {
    Securable dotted = Securable.table("lake", List.of("a.b"), "c.d");
    assertThat(dotted.namespaceLevels()).containsExactly("a.b");
    assertThat(dotted).isNotEqualTo(Securable.table("lake", List.of("a", "b"), "c.d"));
  }

  @Test
  void rejectsMalformedPaths() {
    assertThatThrownBy(() -> new Securable(SecurableType.TABLE, List.of("lake", "orders")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("table path");
    assertThatThrownBy(() -> new Securable(SecurableType.CATALOG, List.of("lake", "sales")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Securable.namespace("lake"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Securable.namespace("lake", "sales", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> new Securable(null, List.of("lake")))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("type is null");
  }

  @Test
  void copiesThePath() {
    java.util.ArrayList<String> path = new java.util.ArrayList<>(List.of("lake", "sales"));
    Securable namespace = new Securable(SecurableType.NAMESPACE, path);
    path.add("changed");
    assertThat(namespace.path()).containsExactly("lake", "sales");
  }
}
