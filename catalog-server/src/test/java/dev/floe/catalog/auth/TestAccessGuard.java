package dev.floe.catalog.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.audit.AuditEvent;
import dev.floe.catalog.http.IcebergErrors;
import dev.floe.policy.InMemoryGrantStore;
import dev.floe.policy.Operation;
import dev.floe.policy.Principal;
import dev.floe.policy.PrincipalContext;
import dev.floe.policy.Securable;
import dev.floe.policy.Target;
import dev.floe.policy.rbac.RbacAuthorizer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class TestAccessGuard {
  private static final Target VIEW = Target.of(Securable.view("lake", List.of("sales"), "summary"));
  private static final Target TABLE = Target.of(Securable.table("lake", List.of("sales"), "orders"));

  private final List<AuditEvent> events = new ArrayList<>();

  private AccessGuard guard() {
    CurrentCaller caller = new CurrentCaller();
    caller.set(new Caller(new PrincipalContext(new Principal("alice", false), Set.of()), "floe", "192.0.2.1"));
    return new AccessGuard(new RbacAuthorizer(new InMemoryGrantStore()), caller, events::add, dev.floe.policy.TagSource.none(), GovernedTargets.none(), new SimpleMeterRegistry());
  }

  /**
   * Targets that do not fit the operation come from Floe's own code, never from the client: the
   * answer is a 500 with the request id, not a 400 that blames the client.
   */
  @Test
  void targetsThatDoNotFitTheOperationAreAServerFault() {
    AccessGuard guard = guard();
    assertServerFault(() -> guard.authorize(Operation.LOAD_TABLE, VIEW));
    assertServerFault(() -> guard.authorize(Operation.RENAME_TABLE, TABLE));
    assertServerFault(() -> guard.permits(Operation.WRITE_TABLE_DATA, VIEW));
    assertServerFault(() -> guard.filter(Operation.LOAD_TABLE, List.of("orders"), name -> TABLE));
  }

  @Test
  void aRefusalIsStillTheClientsAnswer() {
    assertThatThrownBy(() -> guard().authorize(Operation.LOAD_TABLE, TABLE))
        .satisfies(thrown -> assertThat(IcebergErrors.status(thrown)).isEqualTo(404));
    assertThat(events).extracting(AuditEvent::decision).containsExactly("NOT_FOUND");
  }

  private static void assertServerFault(ThrowingCallable call) {
    assertThatThrownBy(call)
        .satisfies(
            thrown -> {
              ErrorResponse response = IcebergErrors.response(thrown);
              assertThat(response.code()).as(String.valueOf(thrown)).isEqualTo(500);
              assertThat(response.message()).contains("request id");
            });
  }
}
