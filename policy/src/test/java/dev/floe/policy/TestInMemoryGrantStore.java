package dev.floe.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestInMemoryGrantStore {
  private static final CatalogRole ROLE = new CatalogRole("lake", "reader");
  private static final Securable SALES = Securable.namespace("lake", "sales");

  @Test
  void bumpsTheVersionOnEveryChangeAndOnlyThen() {
    InMemoryGrantStore store = new InMemoryGrantStore();
    long start = store.version();
    store.grant(ROLE, Privilege.TABLE_READ_DATA, SALES);
    assertThat(store.version()).isEqualTo(start + 1);
    store.grant(ROLE, Privilege.TABLE_READ_DATA, SALES);
    assertThat(store.version()).as("granting twice changes nothing").isEqualTo(start + 1);
    store.assign("analysts", ROLE);
    store.assign("analysts", ROLE);
    assertThat(store.version()).isEqualTo(start + 2);
    assertThat(store.revoke(ROLE, Privilege.TABLE_READ_DATA, SALES)).isTrue();
    assertThat(store.revoke(ROLE, Privilege.TABLE_READ_DATA, SALES)).isFalse();
    assertThat(store.version()).isEqualTo(start + 3);
    store.setServiceAdministratorRole("ops", true);
    store.setServiceAdministratorRole("ops", true);
    assertThat(store.version()).isEqualTo(start + 4);
    assertThat(store.unassign("analysts", ROLE)).isTrue();
    assertThat(store.version()).isEqualTo(start + 5);
  }

  @Test
  void answersLookupsAndSnapshots() {
    InMemoryGrantStore store = new InMemoryGrantStore();
    Grant grant = store.grant(ROLE, Privilege.TABLE_READ_DATA, SALES);
    store.assign("analysts", ROLE);
    store.setServiceAdministratorRole("ops", true);

    assertThat(store.catalogRolesOf("analysts")).containsExactly(ROLE);
    assertThat(store.catalogRolesOf("nobody")).isEmpty();
    assertThat(store.grantsOf(ROLE)).containsExactly(grant);
    assertThat(store.grantsOf(new CatalogRole("lake", "none"))).isEmpty();
    assertThat(store.serviceAdministratorRoles()).containsExactly("ops");
    GrantData snapshot = store.snapshot();
    assertThat(snapshot.version()).isEqualTo(store.version());
    assertThat(snapshot.grants()).containsEntry(ROLE, List.of(grant));

    store.dropCatalogRole(ROLE);
    assertThat(store.grantsOf(ROLE)).isEmpty();
    assertThat(store.catalogRolesOf("analysts")).isEmpty();
    assertThat(snapshot.grants()).as("a snapshot does not change").containsEntry(ROLE, List.of(grant));
  }

  @Test
  void replacesEverythingAtANewerVersion() {
    InMemoryGrantStore store = new InMemoryGrantStore();
    store.grant(ROLE, Privilege.TABLE_READ_DATA, SALES);
    long before = store.version();
    Grant other = new Grant("writer", Privilege.TABLE_WRITE_DATA, SALES);
    store.replaceAll(
        new GrantData(0, Set.of(), Map.of("engineers", Set.of(other.role())), Map.of(other.role(), List.of(other))));
    assertThat(store.version()).isGreaterThan(before);
    assertThat(store.grantsOf(ROLE)).isEmpty();
    assertThat(store.grantsOf(other.role())).containsExactly(other);
    assertThat(new InMemoryGrantStore(store.snapshot()).version()).isGreaterThan(store.version());
  }

  @Test
  void refusesGrantsOutsideTheRolesCatalogOrOnTheWrongType() {
    InMemoryGrantStore store = new InMemoryGrantStore();
    assertThatThrownBy(() -> store.grant(ROLE, Privilege.TABLE_READ_DATA, Securable.namespace("other", "sales")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("another catalog");
    assertThatThrownBy(
            () -> store.grant(ROLE, Privilege.TABLE_CREATE, Securable.table("lake", List.of("sales"), "t")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be granted on a TABLE");
    assertThatThrownBy(
            () ->
                new GrantData(
                    1,
                    Set.of(),
                    Map.of(),
                    Map.of(ROLE, List.of(new Grant("writer", Privilege.TABLE_READ_DATA, SALES)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not belong");
  }
}
