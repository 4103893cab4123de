package dev.floe.catalog.management.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.policy.Operation;
import dev.floe.policy.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.iceberg.exceptions.BadRequestException;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /explain}: may this principal do this operation on these securables? */
@Schema(name = "ExplainRequest")
public record ExplainRequest(
    @Schema(required = true, description = "A stored principal, or a person of the identity provider") String principal,
    @Schema(required = true, implementation = Operation.class, description = "The operation (any case)") String operation,
    @Schema(description = "The securables the operation is on") List<SecurableReference> targets,
    @JsonProperty("principal-roles")
        @Schema(
            description =
                "Optional: a subset of the principal's roles, as a token scope would narrow them; for a person of the identity"
                    + " provider, who is not stored, the roles its groups map to")
        List<String> principalRoles) {
  private static final String WHAT = "explain request";

  /** An explain request, checked. */
  public record Checked(String principal, Operation operation, List<Target> targets, Optional<List<String>> principalRoles) {
    public Checked {
      requireNonNull(principal, "principal is null");
      requireNonNull(operation, "operation is null");
      targets = List.copyOf(targets);
      requireNonNull(principalRoles, "principalRoles is null");
    }
  }

  /** The request checked: a known operation with the targets it needs. */
  public Checked check() {
    String checkedPrincipal = RequestFields.required(principal, "principal", WHAT);
    String operationName = RequestFields.required(operation, "operation", WHAT);
    Operation checkedOperation;
    try {
      checkedOperation = Operation.valueOf(operationName.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(
          "Invalid %s: unknown operation %s; expected one of %s", WHAT, operationName, Arrays.toString(Operation.values()));
    }
    List<Target> checkedTargets = new ArrayList<>();
    if (targets != null) {
      for (SecurableReference target : targets) {
        checkedTargets.add(Target.of(SecurableReference.required(target, WHAT).toSecurable(Optional.empty(), WHAT)));
      }
    }
    try {
      checkedOperation.requirements(checkedTargets);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("Invalid %s: %s", WHAT, e.getMessage());
    }
    Optional<List<String>> roles =
        principalRoles == null ? Optional.empty() : Optional.of(RequestFields.strings(principalRoles, "principal-roles", WHAT));
    return new Checked(checkedPrincipal, checkedOperation, checkedTargets, roles);
  }
}
