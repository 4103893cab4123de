package dev.floe.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.cli.CliException;
import dev.floe.cli.Column;
import dev.floe.cli.Output;
import dev.floe.cli.OutputFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code floe tables list|describe}, through the Iceberg REST API. */
@Command(
    name = "tables",
    mixinStandardHelpOptions = true,
    description = "Tables of a namespace",
    subcommands = {TablesCommand.ListTables.class, TablesCommand.DescribeTable.class})
public final class TablesCommand extends Group {

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List a namespace's tables (every page)")
  static final class ListTables extends ApiCommand {
    @Option(names = "--catalog", required = true, paramLabel = "CATALOG", description = "The catalog") String catalog;

    @Parameters(paramLabel = "NAMESPACE", description = "The namespace, levels separated by dots") String namespace;

    @Override
    void run() {
      ArrayNode all = Pages.all(client(), NamespacesCommand.namespace(catalog, namespace) + "/tables", Map.of(), "identifiers");
      ObjectNode answer = object();
      answer.set("identifiers", all);
      ArrayNode rows = JSON.createArrayNode();
      all.forEach(
          identifier ->
              rows.add(object().put("namespace", NamespacesCommand.dotted(identifier.path("namespace"))).put("name", identifier.path("name").asText())));
      output().list(answer, rows, List.of(Column.field("namespace"), Column.field("name")));
    }
  }

  @Command(
      name = "describe",
      mixinStandardHelpOptions = true,
      description = "Show a table: location, format, current snapshot, properties and the columns of its current schema")
  static final class DescribeTable extends ApiCommand {
    @Option(names = "--catalog", required = true, paramLabel = "CATALOG", description = "The catalog") String catalog;

    @Parameters(paramLabel = "TABLE", description = "The table as namespace.table (sales.orders, sales.eu.orders)") String table;

    @Override
    void run() {
      int dot = table.lastIndexOf('.');
      if (dot <= 0 || dot == table.length() - 1) {
        throw new CliException("Invalid table '" + table + "': expected namespace.table, as sales.orders");
      }
      String path = NamespacesCommand.namespace(catalog, table.substring(0, dot)) + "/tables/" + segment(table.substring(dot + 1));
      JsonNode answer = client().get(path, Map.of("snapshots", "all"));
      // what the catalog gives a client to reach storage (config, storage credentials) is not shown
      ObjectNode shown = answer.deepCopy();
      shown.remove("config");
      shown.remove("storage-credentials");
      Output output = output();
      if (output.format() == OutputFormat.json) {
        output.json(shown);
        return;
      }
      JsonNode metadata = answer.path("metadata");
      ObjectNode summary = object();
      summary.put("table", catalog + "." + table);
      summary.set("uuid", metadata.path("table-uuid"));
      summary.set("format-version", metadata.path("format-version"));
      summary.set("location", metadata.path("location"));
      summary.set("metadata-location", answer.path("metadata-location"));
      summary.set("current-snapshot-id", metadata.path("current-snapshot-id"));
      summary.put("snapshots", metadata.path("snapshots").size());
      summary.set("properties", metadata.path("properties"));
      output.object(summary);
      output.line("");
      JsonNode schema = currentSchema(metadata);
      List<List<String>> columns = new ArrayList<>();
      for (JsonNode field : schema.path("fields")) {
        columns.add(
            List.of(
                Output.cell(field.path("id")),
                Output.cell(field.path("name")),
                Output.cell(field.path("type")),
                field.path("required").asBoolean() ? "yes" : "no",
                Output.cell(field.path("doc"))));
      }
      output.table(List.of("ID", "COLUMN", "TYPE", "REQUIRED", "DOC"), columns);
    }

    private static JsonNode currentSchema(JsonNode metadata) {
      int current = metadata.path("current-schema-id").asInt(0);
      for (JsonNode schema : metadata.path("schemas")) {
        if (schema.path("schema-id").asInt(-1) == current) {
          return schema;
        }
      }
      return metadata.path("schema");
    }
  }
}
