package dev.floe.catalog.management.api;

import dev.floe.policy.Securable;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.exceptions.BadRequestException;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A tag to assign: to the catalog (no namespace), a namespace, a table or a view, or a column of a
 * table or view (by its current name; the assignment follows the column's field id).
 */
@Schema(name = "TagAssignmentRequest")
public record TagAssignmentRequest(
    @Schema(required = true, description = "The tag name") String tag,
    @Schema(description = "The namespace levels; none for the catalog itself") List<String> namespace,
    @Schema(description = "A table of the namespace") String table,
    @Schema(description = "A view of the namespace") String view,
    @Schema(description = "A column of the table or view, by current name") String column) {

  public String requiredTag() {
    return RequestFields.required(tag, "tag", "tag assignment");
  }

  /** The securable the tag goes on, in {@code catalog}. */
  public Securable securable(String catalog) {
    return Securables.of(catalog, namespace, table, view, "tag assignment");
  }

  public Optional<String> checkedColumn() {
    if (column != null && table == null && view == null) {
      throw new BadRequestException("Invalid tag assignment: a column needs its table or view");
    }
    return Optional.ofNullable(column);
  }
}
