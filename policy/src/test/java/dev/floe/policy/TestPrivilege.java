package dev.floe.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class TestPrivilege {
  @Test
  void manageContentImpliesEverythingButManageAccessAndManagePolicies() {
    assertThat(Privilege.CATALOG_MANAGE_CONTENT.implied())
        .isEqualTo(EnumSet.complementOf(EnumSet.of(Privilege.CATALOG_MANAGE_ACCESS, Privilege.CATALOG_MANAGE_POLICIES)));
    assertThat(Privilege.CATALOG_MANAGE_ACCESS.implied()).containsExactly(Privilege.CATALOG_MANAGE_ACCESS);
  }

  @Test
  void managePoliciesImpliesNothingAndNothingButItselfImpliesIt() {
    assertThat(Privilege.CATALOG_MANAGE_POLICIES.implied()).containsExactly(Privilege.CATALOG_MANAGE_POLICIES);
    assertThat(Privilege.CATALOG_MANAGE_POLICIES.revealedTypes()).isEmpty();
    assertThat(Privilege.CATALOG_MANAGE_POLICIES.isGrantableOn(SecurableType.CATALOG)).isTrue();
    assertThat(Privilege.CATALOG_MANAGE_POLICIES.isGrantableOn(SecurableType.NAMESPACE)).isFalse();
    for (Privilege privilege : Privilege.values()) {
      if (privilege != Privilege.CATALOG_MANAGE_POLICIES) {
        assertThat(privilege.implies(Privilege.CATALOG_MANAGE_POLICIES)).as(privilege.name()).isFalse();
      }
    }
  }

  @Test
  void impliesTransitively() {
    assertThat(Privilege.TABLE_WRITE_DATA.implied())
        .containsExactlyInAnyOrder(
            Privilege.TABLE_WRITE_DATA, Privilege.TABLE_READ_DATA, Privilege.TABLE_READ_PROPERTIES);
    assertThat(Privilege.TABLE_WRITE_DATA.implies(Privilege.TABLE_WRITE_PROPERTIES)).isFalse();
    assertThat(Privilege.TABLE_READ_DATA.implies(Privilege.TABLE_WRITE_DATA)).isFalse();
  }

  @Test
  void writingPropertiesImpliesReadingThem() {
    assertThat(Privilege.CATALOG_WRITE_PROPERTIES.implies(Privilege.CATALOG_READ_PROPERTIES)).isTrue();
    assertThat(Privilege.NAMESPACE_WRITE_PROPERTIES.implies(Privilege.NAMESPACE_READ_PROPERTIES)).isTrue();
    assertThat(Privilege.TABLE_WRITE_PROPERTIES.implies(Privilege.TABLE_READ_PROPERTIES)).isTrue();
    assertThat(Privilege.VIEW_WRITE_PROPERTIES.implies(Privilege.VIEW_READ_PROPERTIES)).isTrue();
  }

  @Test
  void everyPrivilegeImpliesItselfAndOnlyPrivilegesOfItsSubjectUnlessManagingContent() {
    for (Privilege privilege : Privilege.values()) {
      assertThat(privilege.implies(privilege)).isTrue();
      if (privilege != Privilege.CATALOG_MANAGE_CONTENT) {
        assertThat(privilege.implied())
            .allSatisfy(implied -> assertThat(implied.subject()).isEqualTo(privilege.subject()));
      }
    }
  }

  @Test
  void grantableOnItsSubjectOrAContainerAbove() {
    assertThat(Privilege.TABLE_READ_DATA.isGrantableOn(SecurableType.TABLE)).isTrue();
    assertThat(Privilege.TABLE_READ_DATA.isGrantableOn(SecurableType.NAMESPACE)).isTrue();
    assertThat(Privilege.TABLE_READ_DATA.isGrantableOn(SecurableType.CATALOG)).isTrue();
    assertThat(Privilege.TABLE_READ_DATA.isGrantableOn(SecurableType.VIEW)).isFalse();
    assertThat(Privilege.TABLE_CREATE.isGrantableOn(SecurableType.TABLE)).as("creates in a container").isFalse();
    assertThat(Privilege.VIEW_LIST.isGrantableOn(SecurableType.VIEW)).isFalse();
    assertThat(Privilege.VIEW_DROP.isGrantableOn(SecurableType.VIEW)).isTrue();
    assertThat(Privilege.NAMESPACE_DROP.isGrantableOn(SecurableType.NAMESPACE)).isTrue();
    assertThat(Privilege.NAMESPACE_DROP.isGrantableOn(SecurableType.TABLE)).isFalse();
    assertThat(Privilege.CATALOG_READ_PROPERTIES.isGrantableOn(SecurableType.NAMESPACE)).isFalse();
  }

  @Test
  void revealsTheKindItIsAbout() {
    assertThat(Privilege.CATALOG_READ_PROPERTIES.revealedTypes()).isEmpty();
    assertThat(Privilege.CATALOG_MANAGE_ACCESS.revealedTypes()).isEmpty();
    assertThat(Privilege.CATALOG_MANAGE_CONTENT.revealedTypes())
        .containsExactlyInAnyOrder(SecurableType.NAMESPACE, SecurableType.TABLE, SecurableType.VIEW);
    assertThat(Privilege.NAMESPACE_CREATE.revealedTypes()).containsExactly(SecurableType.NAMESPACE);
    assertThat(Privilege.TABLE_LIST.revealedTypes())
        .containsExactlyInAnyOrder(SecurableType.NAMESPACE, SecurableType.TABLE);
    assertThat(Privilege.VIEW_DROP.revealedTypes())
        .containsExactlyInAnyOrder(SecurableType.NAMESPACE, SecurableType.VIEW);
  }
}
