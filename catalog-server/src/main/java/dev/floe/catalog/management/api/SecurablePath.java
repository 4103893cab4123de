package dev.floe.catalog.management.api;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.Securable;
import dev.floe.policy.SecurableType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A securable in an answer: its type and full path (catalog first). */
@Schema(name = "Securable")
public record SecurablePath(
    @Schema(required = true, implementation = SecurableType.class) String type,
    @Schema(required = true, description = "catalog, namespace levels..., name") List<String> path) {
  public SecurablePath {
    requireNonNull(type, "type is null");
    path = List.copyOf(path);
  }

  public static SecurablePath of(Securable securable) {
    return new SecurablePath(securable.type().name(), securable.path());
  }
}
