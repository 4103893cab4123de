package dev.floe.catalog.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.access.PrincipalEntry;
import dev.floe.catalog.auth.Caller;
import dev.floe.catalog.governance.EvaluationIdentities.Evaluated;
import dev.floe.policy.Principal;
import dev.floe.policy.PrincipalContext;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.junit.jupiter.api.Test;

/** The trusted-engine rule: who may ask about whom, and which roles the asked identity gets. */
class TestEvaluationIdentities {
  private static final EvaluationIdentities IDENTITIES =
      new EvaluationIdentities(
          new EvaluationIdentities.Directory() {
            @Override
            public Optional<PrincipalEntry> principal(String name) {
              return name.equals("alice")
                  ? Optional.of(new PrincipalEntry("alice", UUID.randomUUID(), false, Set.of("analysts"), Optional.empty(), 1, Optional.empty()))
                  : Optional.empty();
            }

            @Override
            public boolean anyTrustedEngine(Collection<String> roles) {
              return roles.contains("engines");
            }

            @Override
            public boolean anyServiceAdministrator(Collection<String> roles) {
              return roles.contains("service_admin");
            }
          },
          "kc_");

  private static Caller caller(String name, Set<String> groups, String... roles) {
    return new Caller(new PrincipalContext(new Principal(name, false), Set.of(roles)), "floe", "192.0.2.1", groups);
  }

  @Test
  void selfIsTheCallerAsAuthenticatedWhateverIsAsked() {
    Evaluated self = IDENTITIES.asked(caller("bob", Set.of("sales"), "kc_sales"), "bob", Set.of("admins"));
    assertThat(self.identity().groups()).containsExactly("sales");
    assertThat(self.identity().principalRoles()).containsExactly("kc_sales");
    assertThat(self.context().principalRoles()).containsExactly("kc_sales");
  }

  @Test
  void aTrustedEngineGetsTheKnownRolesPlusTheGroupsRoles() {
    Evaluated alice = IDENTITIES.asked(caller("trino", Set.of(), "engines"), "alice", Set.of("eu"));
    assertThat(alice.identity().user()).isEqualTo("alice");
    assertThat(alice.identity().groups()).containsExactly("eu");
    assertThat(alice.context().principalRoles()).containsExactlyInAnyOrder("analysts", "kc_eu");
    Evaluated person = IDENTITIES.asked(caller("trino", Set.of(), "engines"), "carol", Set.of());
    assertThat(person.context().principalRoles()).isEmpty();
    assertThat(IDENTITIES.isTrustedEngine(caller("trino", Set.of(), "engines"))).isTrue();
  }

  @Test
  void aServiceAdministratorMayAskAndNobodyElse() {
    assertThat(IDENTITIES.asked(caller("root", Set.of(), "service_admin"), "alice", Set.of()).identity().user()).isEqualTo("alice");
    assertThatThrownBy(() -> IDENTITIES.asked(caller("bob", Set.of(), "analysts"), "alice", Set.of()))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("bob may only evaluate governance for itself, not for alice");
    assertThat(IDENTITIES.isTrustedEngine(caller("bob", Set.of(), "analysts"))).isFalse();
  }
}
