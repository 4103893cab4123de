package dev.floe.catalog.management.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.policy.Operation;
import dev.floe.policy.Outcome;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An explained decision: the outcome, why, and the grants that allow it. */
@Schema(name = "Explanation")
public record ExplainResponse(
    @Schema(required = true) String principal,
    @JsonProperty("principal-roles") @Schema(required = true, description = "The principal roles the decision was made with")
        List<String> principalRoles,
    @Schema(required = true, implementation = Operation.class) String operation,
    @Schema(required = true, implementation = Outcome.class) String outcome,
    @Schema(required = true) String reason,
    @Schema(required = true, description = "The grants that allow it") List<GrantResponse> grants) {
  public ExplainResponse {
    requireNonNull(principal, "principal is null");
    principalRoles = List.copyOf(principalRoles);
    requireNonNull(operation, "operation is null");
    requireNonNull(outcome, "outcome is null");
    grants = List.copyOf(grants);
  }
}
