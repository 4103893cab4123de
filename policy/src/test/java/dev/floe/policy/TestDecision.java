package dev.floe.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestDecision {
  private static final Securable SALES = Securable.namespace("lake", "sales");
  private static final Grant READ = new Grant("reader", Privilege.TABLE_READ_DATA, SALES);
  private static final Grant CATALOG = new Grant("admin", Privilege.CATALOG_MANAGE_CONTENT, Securable.catalog("lake"));

  @Test
  void listsGrantsOnceInCanonicalOrder() {
    Decision decision = Decision.allow("ok", List.of(READ, CATALOG, READ));
    assertThat(decision.grants()).containsExactly(CATALOG, READ);
    assertThat(decision.allowed()).isTrue();
  }

  @Test
  void onlyAnAllowListsGrants() {
    assertThatThrownBy(() -> new Decision(Outcome.DENY, "no", List.of(READ)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Decision.deny("no").allowed()).isFalse();
    assertThat(Decision.notFound("no").allowed()).isFalse();
    assertThat(Decision.notFound("no").outcome()).isEqualTo(Outcome.NOT_FOUND);
  }

  @Test
  void targetsCarryChangesOnlyForTables() {
    assertThatThrownBy(() -> Target.of(SALES).withChanges(Set.of(TableChange.DATA)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Target.of(SALES).withTags(Set.of("")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Target.of(SALES).withTags(Set.of("pii")).tags()).containsExactly("pii");
  }

  @Test
  void checksComponents() {
    assertThatThrownBy(() -> new Grant("", Privilege.TABLE_READ_DATA, SALES))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Principal("", false)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PrincipalContext(null, Set.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("principal is null");
    assertThat(READ.role()).isEqualTo(new CatalogRole("lake", "reader"));
  }
}
