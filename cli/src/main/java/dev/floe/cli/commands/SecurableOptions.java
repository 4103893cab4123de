package dev.floe.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.cli.CliException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The securable a grant or an explanation is about, in Polaris' shape: the catalog alone, or
 * {@code --namespace}, with {@code --table} or {@code --view} inside it.
 */
final class SecurableOptions {
  @Option(names = "--namespace", paramLabel = "NAMESPACE", description = "A namespace, levels separated by dots (sales.eu)")
  String namespace;

  @Option(names = "--table", paramLabel = "TABLE", description = "A table of --namespace")
  String table;

  @Option(names = "--view", paramLabel = "VIEW", description = "A view of --namespace")
  String view;

  boolean any() {
    return namespace != null || table != null || view != null;
  }

  /** {@code {"type", "path"}}: the securable with its full path, catalog first. */
  ObjectNode securable(String catalog) {
    if (table != null && view != null) {
      throw new CliException("Give --table or --view, not both");
    }
    if ((table != null || view != null) && namespace == null) {
      throw new CliException("--table and --view need --namespace");
    }
    List<String> path = new ArrayList<>();
    path.add(catalog);
    String type = "catalog";
    if (namespace != null) {
      path.addAll(ApiCommand.namespaceLevels(namespace));
      type = "namespace";
    }
    if (table != null) {
      path.add(table);
      type = "table";
    } else if (view != null) {
      path.add(view);
      type = "view";
    }
    ObjectNode securable = ApiCommand.object().put("type", type);
    ArrayNode array = securable.putArray("path");
    path.forEach(array::add);
    return securable;
  }
}
