package dev.floe.catalog.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestTokenScopes {
  @Test
  void allRolesUnlessTheScopeNamesSome() {
    assertThat(TokenIssuer.requestedRoles(null)).isEmpty();
    assertThat(TokenIssuer.requestedRoles("")).isEmpty();
    assertThat(TokenIssuer.requestedRoles("PRINCIPAL_ROLE:ALL")).isEmpty();
    // Iceberg clients' default scope
    assertThat(TokenIssuer.requestedRoles("catalog")).isEmpty();
    assertThat(TokenIssuer.requestedRoles("PRINCIPAL_ROLE:analysts")).containsExactly("analysts");
    assertThat(TokenIssuer.requestedRoles("openid PRINCIPAL_ROLE:a  PRINCIPAL_ROLE:b")).containsExactly("a", "b");
    // ALL anywhere wins
    assertThat(TokenIssuer.requestedRoles("PRINCIPAL_ROLE:a PRINCIPAL_ROLE:ALL")).isEmpty();
  }
}
