package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.catalog.handler.GovernanceViews;
import dev.floe.policy.Securable;
import dev.floe.policy.SecurableType;
import dev.floe.policy.governance.TagAssignment;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A tag assignment, with the column's current name. */
@Schema(name = "TagAssignment")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TagAssignmentResponse(
    @Schema(required = true) long id,
    @Schema(required = true) long version,
    @Schema(required = true) String tag,
    @Schema(required = true, description = "catalog, namespace, table or view") String type,
    @Schema(description = "The namespace levels (not for the catalog)") List<String> namespace,
    String table,
    String view,
    @Schema(description = "The column's current name (for a column assignment)") String column,
    @JsonProperty("field-id") @Schema(description = "The column's Iceberg field id") Integer fieldId,
    @JsonProperty("assigned-by") @Schema(required = true) String assignedBy,
    @JsonProperty("assigned-at") @Schema(required = true, description = "ISO-8601 instant") String assignedAt,
    @JsonProperty("governance-version") @Schema(description = "The server's governance version (single items)") Long governanceVersion) {

  public static TagAssignmentResponse of(GovernanceViews.Assignment view, Long governanceVersion) {
    TagAssignment assignment = view.record().assignment();
    Securable securable = assignment.securable();
    SecurableType type = securable.type();
    return new TagAssignmentResponse(
        assignment.id(),
        assignment.version(),
        assignment.tag(),
        type.name().toLowerCase(Locale.ROOT),
        type == SecurableType.CATALOG ? null : securable.namespaceLevels(),
        type == SecurableType.TABLE ? securable.name() : null,
        type == SecurableType.VIEW ? securable.name() : null,
        view.column().orElse(null),
        assignment.fieldId().isPresent() ? assignment.fieldId().getAsInt() : null,
        view.record().assignedBy(),
        view.record().assignedAt().toString(),
        governanceVersion);
  }
}
