package dev.floe.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.cli.Column;
import dev.floe.cli.FloeClient;
import dev.floe.cli.Output;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code floe namespaces list|get|create|delete}, through the Iceberg REST API. */
@Command(
    name = "namespaces",
    mixinStandardHelpOptions = true,
    description = "Namespaces of a catalog (levels separated by dots: sales.eu)",
    subcommands = {
      NamespacesCommand.ListNamespaces.class,
      NamespacesCommand.GetNamespace.class,
      NamespacesCommand.CreateNamespace.class,
      NamespacesCommand.DeleteNamespace.class
    })
public final class NamespacesCommand extends Group {
  /** The Iceberg REST path of a catalog's namespaces. */
  static String namespaces(String catalog) {
    return FloeClient.CATALOG + "/" + ApiCommand.segment(catalog) + "/namespaces";
  }

  static String namespace(String catalog, String dotted) {
    return namespaces(catalog) + "/" + FloeClient.namespace(ApiCommand.namespaceLevels(dotted));
  }

  /** A namespace's levels (a JSON array) as dotted text. */
  static String dotted(JsonNode levels) {
    List<String> parts = new java.util.ArrayList<>();
    levels.forEach(level -> parts.add(level.asText()));
    return String.join(".", parts);
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List namespaces (every page)")
  static final class ListNamespaces extends ApiCommand {
    @Option(names = "--catalog", required = true, paramLabel = "CATALOG", description = "The catalog") String catalog;

    @Option(names = "--parent", paramLabel = "NAMESPACE", description = "List the namespaces inside this one") String parent;

    @Override
    void run() {
      Map<String, String> query = new LinkedHashMap<>();
      if (parent != null) {
        query.put("parent", String.join("\u001f", ApiCommand.namespaceLevels(parent)));
      }
      ArrayNode all = Pages.all(client(), namespaces(catalog), query, "namespaces");
      ObjectNode answer = object();
      answer.set("namespaces", all);
      ArrayNode rows = JSON.createArrayNode();
      all.forEach(levels -> rows.add(object().put("namespace", dotted(levels))));
      output().list(answer, rows, List.of(Column.field("namespace")));
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a namespace's properties")
  static final class GetNamespace extends ApiCommand {
    @Option(names = "--catalog", required = true, paramLabel = "CATALOG", description = "The catalog") String catalog;

    @Parameters(paramLabel = "NAMESPACE", description = "The namespace, levels separated by dots") String namespace;

    @Override
    void run() {
      JsonNode answer = client().get(namespace(catalog, namespace));
      Output output = output();
      if (output.format() == dev.floe.cli.OutputFormat.json) {
        output.json(answer);
        return;
      }
      ObjectNode shown = object().put("namespace", dotted(answer.path("namespace")));
      answer.path("properties").fields().forEachRemaining(field -> shown.set(field.getKey(), field.getValue()));
      output.object(shown);
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a namespace")
  static final class CreateNamespace extends ApiCommand {
    @Option(names = "--catalog", required = true, paramLabel = "CATALOG", description = "The catalog") String catalog;

    @Parameters(paramLabel = "NAMESPACE", description = "The namespace, levels separated by dots") String namespace;

    @Option(names = "--location", paramLabel = "URI", description = "Where its tables go (default: below its parent's)")
    String location;

    @Option(names = "--property", paramLabel = "KEY=VALUE", description = "A namespace property; repeatable")
    Map<String, String> properties = new LinkedHashMap<>();

    @Override
    void run() {
      Map<String, String> all = new LinkedHashMap<>(properties);
      if (location != null) {
        all.put("location", location);
      }
      ObjectNode body = object();
      body.set("namespace", strings(ApiCommand.namespaceLevels(namespace)));
      body.set("properties", properties(all));
      JsonNode answer = client().post(namespaces(catalog), body);
      if (output().format() == dev.floe.cli.OutputFormat.json) {
        output().json(answer);
      } else {
        output().done("Created namespace " + namespace + " in catalog " + catalog);
      }
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Drop an empty namespace")
  static final class DeleteNamespace extends ApiCommand {
    @Option(names = "--catalog", required = true, paramLabel = "CATALOG", description = "The catalog") String catalog;

    @Parameters(paramLabel = "NAMESPACE", description = "The namespace, levels separated by dots") String namespace;

    @Override
    void run() {
      client().delete(namespace(catalog, namespace));
      output().done("Dropped namespace " + namespace + " of catalog " + catalog);
    }
  }
}
