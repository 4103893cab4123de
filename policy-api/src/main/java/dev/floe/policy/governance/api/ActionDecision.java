package dev.floe.policy.governance.api;

/**
 * The answer to an {@link ActionCheck}.
 *
 * @param allowed whether the identity may perform it
 * @param reason why not, for logs and the engine's message; {@code null} when allowed
 */
public record ActionDecision(boolean allowed, String reason) {
  public ActionDecision {
    if (allowed == (reason != null)) {
      throw new IllegalArgumentException("A reason is given exactly when the action is denied");
    }
  }

  public static ActionDecision allow() {
    return new ActionDecision(true, null);
  }

  public static ActionDecision deny(String reason) {
    return new ActionDecision(false, reason);
  }
}
