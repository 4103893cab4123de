package dev.floe.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.cli.Column;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code floe catalogs list|get|create|update|delete}. */
@Command(
    name = "catalogs",
    mixinStandardHelpOptions = true,
    description = "Catalogs (warehouses)",
    subcommands = {
      CatalogsCommand.ListCatalogs.class,
      CatalogsCommand.GetCatalog.class,
      CatalogsCommand.CreateCatalog.class,
      CatalogsCommand.UpdateCatalog.class,
      CatalogsCommand.DeleteCatalog.class
    })
public final class CatalogsCommand extends Group {
  static final List<Column> COLUMNS = List.of(Column.field("name"), Column.field("storage-root"), Column.field("properties"));

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the catalogs you may see")
  static final class ListCatalogs extends ApiCommand {
    @Override
    void run() {
      JsonNode answer = client().get(management("/catalogs"));
      output().list(answer, rows(answer, "catalogs"), COLUMNS);
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a catalog")
  static final class GetCatalog extends ApiCommand {
    @Parameters(paramLabel = "CATALOG", description = "The catalog's name") String name;

    @Override
    void run() {
      output().object(client().get(management("/catalogs/" + segment(name))));
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a catalog (service administrators)")
  static final class CreateCatalog extends ApiCommand {
    @Parameters(paramLabel = "CATALOG", description = "1 to 128 letters, digits, '_', '.', '@' or '-', starting with a letter or digit") String name;

    @Option(names = "--storage-root", required = true, paramLabel = "URI", description = "file:///... or s3://bucket/prefix")
    String storageRoot;

    @Option(
        names = "--property",
        paramLabel = "KEY=VALUE",
        description = "A catalog property (S3 settings, allowed-locations, table-default.*, ...); repeatable")
    Map<String, String> properties = new LinkedHashMap<>();

    @Override
    void run() {
      ObjectNode body = object().put("name", name).put("storage-root", storageRoot);
      body.set("properties", properties(properties));
      output().object(client().post(management("/catalogs"), body));
    }
  }

  @Command(name = "update", mixinStandardHelpOptions = true, description = "Set and remove a catalog's properties")
  static final class UpdateCatalog extends ApiCommand {
    @Parameters(paramLabel = "CATALOG", description = "The catalog's name") String name;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A property to set; repeatable")
    Map<String, String> updates = new LinkedHashMap<>();

    @Option(names = "--remove", paramLabel = "KEY", description = "A property to remove; repeatable")
    List<String> removals = new ArrayList<>();

    @Override
    void run() {
      ObjectNode body = object();
      body.set("updates", properties(updates));
      body.set("removals", strings(removals));
      output().object(client().patch(management("/catalogs/" + segment(name)), body));
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Drop an empty catalog (service administrators)")
  static final class DeleteCatalog extends ApiCommand {
    @Parameters(paramLabel = "CATALOG", description = "The catalog's name") String name;

    @Override
    void run() {
      client().delete(management("/catalogs/" + segment(name)));
      output().done("Dropped catalog " + name);
    }
  }
}
