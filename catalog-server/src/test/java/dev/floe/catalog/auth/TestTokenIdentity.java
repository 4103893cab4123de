package dev.floe.catalog.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.access.PrincipalEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which Floe tokens still stand for the principal of their name: its id, its credential generation, the rotation grace. */
class TestTokenIdentity {
  private static final UUID ID = UUID.randomUUID();
  private static final Instant ROTATED = Instant.parse("2026-05-01T12:00:00Z");

  private static PrincipalEntry principal(UUID id, long generation, Optional<Instant> rotatedAt) {
    return new PrincipalEntry("svc", id, false, Set.of(), Optional.of("client"), generation, rotatedAt);
  }

  private static Authenticator.Verified token(Optional<UUID> id, long generation, Instant issuedAt) {
    return new Authenticator.Verified(true, "svc", List.of(), issuedAt.plusSeconds(3600), "floe", id, generation, issuedAt);
  }

  private static Optional<String> refusal(Authenticator.Verified token, PrincipalEntry principal, Duration grace) {
    return Authenticator.refusal(token, principal, grace, false);
  }

  @Test
  void currentPrincipalAndGenerationPass() {
    assertThat(refusal(token(Optional.of(ID), 1, ROTATED), principal(ID, 1, Optional.empty()), Duration.ZERO)).isEmpty();
    assertThat(refusal(token(Optional.of(ID), 3, ROTATED), principal(ID, 3, Optional.of(ROTATED)), Duration.ZERO)).isEmpty();
  }

  @Test
  void anotherPrincipalOfTheSameNameOrNoIdIsRefused() {
    assertThat(refusal(token(Optional.of(UUID.randomUUID()), 1, ROTATED), principal(ID, 1, Optional.empty()), Duration.ofDays(1)))
        .hasValueSatisfying(reason -> assertThat(reason).contains("dropped principal of the same name"));
    assertThat(refusal(token(Optional.empty(), 1, ROTATED), principal(ID, 1, Optional.empty()), Duration.ofDays(1)))
        .hasValueSatisfying(reason -> assertThat(reason).contains("no principal id"));
  }

  @Test
  void olderGenerationIsRefusedWithoutGrace() {
    PrincipalEntry rotated = principal(ID, 2, Optional.of(ROTATED));
    assertThat(refusal(token(Optional.of(ID), 1, ROTATED.minusSeconds(1)), rotated, Duration.ZERO))
        .hasValueSatisfying(reason -> assertThat(reason).contains("rotated"));
    // a newer generation than the principal has is no valid token either
    assertThat(refusal(token(Optional.of(ID), 3, ROTATED), rotated, Duration.ofDays(1))).isPresent();
  }

  @Test
  void olderGenerationPassesOnlyWhenIssuedWithinTheGraceBeforeTheRotation() {
    PrincipalEntry rotated = principal(ID, 2, Optional.of(ROTATED));
    Duration grace = Duration.ofMinutes(5);
    assertThat(refusal(token(Optional.of(ID), 1, ROTATED.minusSeconds(60)), rotated, grace)).isEmpty();
    assertThat(refusal(token(Optional.of(ID), 1, ROTATED.minus(grace)), rotated, grace)).isEmpty();
    assertThat(refusal(token(Optional.of(ID), 1, ROTATED.minus(grace).minusSeconds(1)), rotated, grace)).isPresent();
    // old credentials after the rotation (a node that had not seen it yet): refused
    assertThat(refusal(token(Optional.of(ID), 1, ROTATED.plusSeconds(1)), rotated, grace)).isPresent();
    // kept valid by the grace, but not renewable
    assertThat(Authenticator.refusal(token(Optional.of(ID), 1, ROTATED.minusSeconds(60)), rotated, grace, true)).isPresent();
  }
}
