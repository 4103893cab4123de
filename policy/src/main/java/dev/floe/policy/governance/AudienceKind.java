package dev.floe.policy.governance;

import dev.floe.policy.governance.PolicyValidationException.Problem;
import java.util.Arrays;
import java.util.Locale;

/** Who an audience rule names. */
public enum AudienceKind {
  /** Every caller (the rule has no name). */
  EVERYONE,
  /** Callers with this principal role active. */
  PRINCIPAL_ROLE,
  /** Callers in this identity-provider (OIDC) group. */
  GROUP,
  /** The caller with this principal name. */
  PRINCIPAL;

  /**
   * The kind named {@code text} (any case, {@code principal_role} or {@code principal-role}).
   *
   * @throws PolicyValidationException ({@link Problem#UNKNOWN_AUDIENCE_KIND}) for any other text
   */
  public static AudienceKind parse(String text) {
    String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (AudienceKind kind : values()) {
      if (kind.name().equals(normalized)) {
        return kind;
      }
    }
    throw new PolicyValidationException(
        Problem.UNKNOWN_AUDIENCE_KIND,
        "Unknown audience kind '%s'; known kinds: %s".formatted(text, Arrays.toString(values())));
  }
}
