package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** PII proposals of a catalog, by id. */
@Schema(name = "PiiProposals")
public record PiiProposalsResponse(@JsonProperty("pii-proposals") @Schema(required = true) List<PiiProposalResponse> piiProposals) {
  public PiiProposalsResponse {
    piiProposals = List.copyOf(piiProposals);
  }
}
