package dev.floe.catalog.management.api;

import dev.floe.policy.Securable;
import java.util.List;
import org.apache.iceberg.exceptions.BadRequestException;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A PII scan to start: one table, or every table of a namespace. */
@Schema(name = "PiiScanRequest")
public record PiiScanRequest(
    @Schema(required = true, description = "The namespace levels") List<String> namespace,
    @Schema(description = "A table of the namespace; without it every table of the namespace (not of its children) is scanned") String table) {

  /** The namespace or table to scan; 400 when the namespace is missing. */
  public Securable securable(String catalog) {
    if (namespace == null || namespace.isEmpty()) {
      throw new BadRequestException("Invalid PII scan: missing namespace");
    }
    return Securables.of(catalog, namespace, table, null, "PII scan");
  }
}
