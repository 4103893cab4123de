package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.catalog.handler.GovernanceManagement;
import java.util.List;
import org.apache.iceberg.exceptions.BadRequestException;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a column mask is on: {namespace, table, column} or {tag}. */
@Schema(name = "MaskTarget")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MaskTargetModel(
    @Schema(description = "The table's namespace levels") List<String> namespace,
    @Schema(description = "The table") String table,
    @Schema(description = "The column, by current name") String column,
    @JsonProperty("field-id") @Schema(description = "The column's Iceberg field id (answers only)") Integer fieldId,
    @Schema(description = "A tag: every column carrying it (or a tag below it) in the catalog") String tag) {

  public GovernanceManagement.MaskTargetInput toInput(String catalog) {
    if (fieldId != null) {
      throw new BadRequestException("Invalid column mask: target.field-id is set by the server; name the column");
    }
    if (tag != null) {
      if (namespace != null || table != null || column != null) {
        throw new BadRequestException("Invalid column mask: the target is a tag or a column, not both");
      }
      return new GovernanceManagement.TagInput(tag);
    }
    if (column == null) {
      throw new BadRequestException("Invalid column mask: the target needs a tag, or a namespace, table and column");
    }
    return new GovernanceManagement.ColumnInput(Securables.table(catalog, namespace, table, "column mask target"), column);
  }
}
