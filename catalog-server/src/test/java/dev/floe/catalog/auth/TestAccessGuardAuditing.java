package dev.floe.catalog.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.audit.AuditEvent;
import dev.floe.audit.AuditSink;
import dev.floe.policy.Authorizer;
import dev.floe.policy.Decision;
import dev.floe.policy.Operation;
import dev.floe.policy.Principal;
import dev.floe.policy.PrincipalContext;
import dev.floe.policy.Securable;
import dev.floe.policy.TagSource;
import dev.floe.policy.Target;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which decisions AccessGuard offers for aggregation (recordRead) and which it records one by one. */
class TestAccessGuardAuditing {
  private static final Securable PLAIN = Securable.table("lake", List.of("sales"), "orders");
  private static final Securable TAGGED = Securable.table("lake", List.of("sales"), "customers");
  private static final Securable GOVERNED = Securable.table("lake", List.of("sales"), "payments");

  /** Remembers how each event was recorded: "read" or "record". */
  private static final class RecordingSink implements AuditSink {
    final List<String> calls = new ArrayList<>();
    final List<AuditEvent> events = new ArrayList<>();

    @Override
    public void record(AuditEvent event) {
      calls.add("record");
      events.add(event);
    }

    @Override
    public void recordRead(AuditEvent event) {
      calls.add("read");
      events.add(event);
    }
  }

  /** Allows everything but DROP_TABLE. */
  private static final Authorizer AUTHORIZER =
      new Authorizer() {
        @Override
        public Decision decide(PrincipalContext principal, Operation operation, List<Target> targets) {
          return operation == Operation.DROP_TABLE ? Decision.deny("no grant") : Decision.allow("granted", List.of());
        }

        @Override
        public List<Target> filter(PrincipalContext principal, Operation listing, List<Target> candidates) {
          return candidates;
        }
      };

  private final RecordingSink sink = new RecordingSink();

  private AccessGuard guard(TagSource tags, GovernedTargets governed) {
    CurrentCaller caller = new CurrentCaller();
    caller.set(new Caller(new PrincipalContext(new Principal("alice", false), Set.of()), "floe", "192.0.2.1"));
    return new AccessGuard(AUTHORIZER, caller, sink, tags, governed, new SimpleMeterRegistry());
  }

  private AccessGuard guard() {
    return guard(
        securable -> securable.equals(TAGGED) ? Set.of("pii", "confidential") : Set.of(),
        securable -> securable.equals(GOVERNED));
  }

  @Test
  void offersAllowedReadsOfPlainTargetsForAggregation() {
    AccessGuard guard = guard();
    guard.authorize(Operation.LOAD_TABLE, Target.of(PLAIN));
    guard.authorize(Operation.TABLE_EXISTS, Target.of(PLAIN));
    guard.authorize(Operation.READ_TABLE_DATA, Target.of(PLAIN));
    guard.authorize(Operation.LIST_TABLES, Target.of(PLAIN.parent().orElseThrow()));
    assertThat(sink.calls).containsExactly("read", "read", "read", "read");
    assertThat(sink.events).allSatisfy(event -> assertThat(event.details()).doesNotContainKey("tags"));
  }

  @Test
  void recordsReadsOfTaggedTargetsOneByOneWithTheirTagsSorted() {
    AccessGuard guard = guard();
    guard.authorize(Operation.LOAD_TABLE, Target.of(TAGGED));
    assertThat(sink.calls).containsExactly("record");
    assertThat(sink.events.get(0).details()).containsEntry("tags", "confidential,pii");
  }

  @Test
  void recordsReadsOfGovernedTargetsOneByOne() {
    guard().authorize(Operation.LOAD_TABLE, Target.of(GOVERNED));
    assertThat(sink.calls).containsExactly("record");
  }

  @Test
  void recordsDenialsAndNonReadsOneByOne() {
    AccessGuard guard = guard();
    assertThatThrownBy(() -> guard.authorize(Operation.DROP_TABLE, Target.of(PLAIN)));
    guard.authorize(Operation.UPDATE_TABLE, Target.of(PLAIN));
    guard.permits(Operation.WRITE_TABLE_DATA, Target.of(PLAIN));
    guard.permits(Operation.LOAD_TABLE_WITH_WRITE_DELEGATION, Target.of(PLAIN));
    guard.authorize(Operation.LIST_GRANTS, Target.of(Securable.catalog("lake")));
    assertThat(sink.calls).containsExactly("record", "record", "record", "record", "record");
  }

  @Test
  void taggedMutationsCarryTheirTags() {
    guard().recordMutation(Operation.DROP_TABLE, List.of(Target.of(TAGGED)), true, "dropped", java.util.Map.of("status", "204"));
    assertThat(sink.events.get(0).details()).containsEntry("tags", "confidential,pii").containsEntry("status", "204");
  }

  @Test
  void recordsOneByOneWhenTagsOrPoliciesCannotBeLookedUp() {
    guard(securable -> { throw new IllegalStateException("governance unavailable"); }, GovernedTargets.none())
        .authorize(Operation.LOAD_TABLE, Target.of(PLAIN));
    guard(TagSource.none(), securable -> { throw new IllegalStateException("governance unavailable"); })
        .authorize(Operation.LOAD_TABLE, Target.of(PLAIN));
    assertThat(sink.calls).containsExactly("record", "record");
    assertThat(sink.events.get(0).details()).containsEntry("tags-lookup", "failed");
  }

  @Test
  void theReadsAreTheOperationsThatChangeNothingAndHandOutNoWriteAccess() {
    assertThat(AuditedReads.aggregatable(Operation.LOAD_TABLE)).isTrue();
    assertThat(AuditedReads.aggregatable(Operation.LOAD_TABLE_WITH_READ_DELEGATION)).isTrue();
    assertThat(AuditedReads.aggregatable(Operation.LOAD_TABLE_WITH_WRITE_DELEGATION)).isFalse();
    assertThat(AuditedReads.aggregatable(Operation.REPORT_METRICS)).isFalse();
    assertThat(AuditedReads.aggregatable(Operation.LIST_AUDIT_EVENTS)).isFalse();
  }
}
