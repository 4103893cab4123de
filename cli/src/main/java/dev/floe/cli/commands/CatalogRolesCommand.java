package dev.floe.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.floe.cli.Column;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code floe catalog-roles list|get|create|delete|grant|revoke}. */
@Command(
    name = "catalog-roles",
    mixinStandardHelpOptions = true,
    description = "Catalog roles, and their assignment to principal roles",
    subcommands = {
      CatalogRolesCommand.ListCatalogRoles.class,
      CatalogRolesCommand.GetCatalogRole.class,
      CatalogRolesCommand.CreateCatalogRole.class,
      CatalogRolesCommand.DeleteCatalogRole.class,
      CatalogRolesCommand.GrantCatalogRole.class,
      CatalogRolesCommand.RevokeCatalogRole.class
    })
public final class CatalogRolesCommand extends Group {
  static final List<Column> COLUMNS = List.of(Column.field("catalog"), Column.field("name"));

  static String catalogRole(String catalog, String name) {
    return ApiCommand.management("/catalogs/" + ApiCommand.segment(catalog) + "/catalog-roles/" + ApiCommand.segment(name));
  }

  static String assignment(String principalRole, String catalog, String name) {
    return ApiCommand.management("/principal-roles/" + ApiCommand.segment(principalRole) + "/catalog-roles/" + ApiCommand.segment(catalog) + "/" + ApiCommand.segment(name));
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List a catalog's catalog roles, or those assigned to a principal role")
  static final class ListCatalogRoles extends ApiCommand {
    @Option(names = "--catalog", paramLabel = "CATALOG", description = "The catalog (required without --principal-role)") String catalog;

    @Option(names = "--principal-role", paramLabel = "ROLE", description = "Only the catalog roles assigned to this principal role")
    String principalRole;

    @Override
    void run() {
      if (principalRole == null && catalog == null) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing option: give --catalog or --principal-role");
      }
      JsonNode answer =
          client().get(ApiCommand.management(principalRole == null
              ? "/catalogs/" + ApiCommand.segment(catalog) + "/catalog-roles"
              : "/principal-roles/" + ApiCommand.segment(principalRole) + "/catalog-roles"));
      JsonNode rows = rows(answer, "catalog-roles");
      if (principalRole != null && catalog != null) {
        ArrayNode inCatalog = JSON.createArrayNode();
        rows.forEach(row -> {
          if (catalog.equals(row.path("catalog").asText())) {
            inCatalog.add(row);
          }
        });
        rows = inCatalog;
        answer = object().set("catalog-roles", inCatalog);
      }
      output().list(answer, rows, COLUMNS);
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a catalog role with its grants")
  static final class GetCatalogRole extends ApiCommand {
    @Option(names = "--catalog", required = true, paramLabel = "CATALOG", description = "The catalog") String catalog;

    @Parameters(paramLabel = "CATALOG_ROLE", description = "The catalog role") String name;

    @Override
    void run() {
      output().object(client().get(catalogRole(catalog, name)));
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a catalog role")
  static final class CreateCatalogRole extends ApiCommand {
    @Option(names = "--catalog", required = true, paramLabel = "CATALOG", description = "The catalog") String catalog;

    @Parameters(paramLabel = "CATALOG_ROLE", description = "The catalog role") String name;

    @Override
    void run() {
      output().object(client().post(ApiCommand.management("/catalogs/" + ApiCommand.segment(catalog) + "/catalog-roles"), object().put("name", name)));
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Drop a catalog role with its grants")
  static final class DeleteCatalogRole extends ApiCommand {
    @Option(names = "--catalog", required = true, paramLabel = "CATALOG", description = "The catalog") String catalog;

    @Parameters(paramLabel = "CATALOG_ROLE", description = "The catalog role") String name;

    @Override
    void run() {
      client().delete(catalogRole(catalog, name));
      output().done("Dropped catalog role " + name + " of catalog " + catalog);
    }
  }

  @Command(name = "grant", mixinStandardHelpOptions = true, description = "Assign a catalog role to a principal role")
  static final class GrantCatalogRole extends ApiCommand {
    @Option(names = "--catalog", required = true, paramLabel = "CATALOG", description = "The catalog") String catalog;

    @Option(names = "--principal-role", required = true, paramLabel = "ROLE", description = "The principal role") String principalRole;

    @Parameters(paramLabel = "CATALOG_ROLE", description = "The catalog role") String name;

    @Override
    void run() {
      JsonNode answer = client().put(assignment(principalRole, catalog, name));
      if (output().format() == dev.floe.cli.OutputFormat.json) {
        output().json(answer);
      } else {
        output().done("Principal role " + principalRole + " holds catalog role " + name + " of catalog " + catalog);
      }
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Take a catalog role from a principal role")
  static final class RevokeCatalogRole extends ApiCommand {
    @Option(names = "--catalog", required = true, paramLabel = "CATALOG", description = "The catalog") String catalog;

    @Option(names = "--principal-role", required = true, paramLabel = "ROLE", description = "The principal role") String principalRole;

    @Parameters(paramLabel = "CATALOG_ROLE", description = "The catalog role") String name;

    @Override
    void run() {
      client().delete(assignment(principalRole, catalog, name));
      output().done("Principal role " + principalRole + " no longer holds catalog role " + name + " of catalog " + catalog);
    }
  }
}
