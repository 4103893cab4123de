package dev.floe.policy.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.governance.api.CallerIdentity;

/**
 * One line of an audience: a kind of caller, and whether the policy applies to it or exempts it.
 *
 * @param kind who the rule names
 * @param name the role, group or principal name; empty for {@link AudienceKind#EVERYONE}
 * @param exempt true for an exemption, false for "applies to"
 */
public record AudienceRule(AudienceKind kind, String name, boolean exempt) {
  public AudienceRule {
    requireNonNull(kind, "kind is null");
    requireNonNull(name, "name is null");
    if ((kind == AudienceKind.EVERYONE) != name.isEmpty()) {
      throw new IllegalArgumentException(
          kind == AudienceKind.EVERYONE
              ? "An EVERYONE rule has no name, got '" + name + "'"
              : "A " + kind + " rule needs a name");
    }
  }

  public static AudienceRule appliesTo(AudienceKind kind, String name) {
    return new AudienceRule(kind, name, false);
  }

  public static AudienceRule exempts(AudienceKind kind, String name) {
    return new AudienceRule(kind, name, true);
  }

  public static AudienceRule appliesToEveryone() {
    return new AudienceRule(AudienceKind.EVERYONE, "", false);
  }

  /** Whether the rule names this caller. */
  public boolean matches(CallerIdentity caller) {
    return switch (kind) {
      case EVERYONE -> true;
      case PRINCIPAL_ROLE -> caller.principalRoles().contains(name);
      case GROUP -> caller.groups().contains(name);
      case PRINCIPAL -> caller.user().equals(name);
    };
  }
}
