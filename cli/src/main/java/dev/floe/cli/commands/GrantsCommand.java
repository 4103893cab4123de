package dev.floe.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.cli.Column;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code floe grants list|add|revoke}: the privileges a catalog role holds. */
@Command(
    name = "grants",
    aliases = "privileges",
    mixinStandardHelpOptions = true,
    description = "Privileges a catalog role holds on the catalog, its namespaces, tables and views",
    subcommands = {GrantsCommand.ListGrants.class, GrantsCommand.AddGrant.class, GrantsCommand.RevokeGrant.class})
public final class GrantsCommand extends Group {
  /** Columns of a grant (also the grants of an explanation). */
  static final List<Column> COLUMNS =
      List.of(
          Column.field("catalog-role"),
          Column.field("privilege"),
          new Column("type", grant -> grant.path("securable").path("type")),
          new Column("securable", grant -> dotted(grant.path("securable").path("path"))),
          Column.field("pending"));

  /** A securable's path as dotted text (lakehouse.sales.orders). */
  static JsonNode dotted(JsonNode path) {
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(NamespacesCommand.dotted(path));
  }

  /** A grant with its securable as "type path" (table lakehouse.sales.orders), for people. */
  static JsonNode readable(JsonNode grant) {
    ObjectNode shown = grant.deepCopy();
    JsonNode securable = grant.path("securable");
    shown.put("securable", securable.path("type").asText().toLowerCase(java.util.Locale.ROOT) + " " + dotted(securable.path("path")).asText());
    return shown;
  }

  static String grants(String catalog, String catalogRole) {
    return CatalogRolesCommand.catalogRole(catalog, catalogRole) + "/grants";
  }

  /** The options naming the catalog role. */
  static final class RoleOptions {
    @Option(names = "--catalog", required = true, paramLabel = "CATALOG", description = "The catalog") String catalog;

    @Option(names = "--catalog-role", required = true, paramLabel = "CATALOG_ROLE", description = "The catalog role")
    String catalogRole;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List a catalog role's grants (bound, then pending)")
  static final class ListGrants extends ApiCommand {
    @Mixin RoleOptions role;

    @Override
    void run() {
      JsonNode answer = client().get(grants(role.catalog, role.catalogRole));
      output().list(answer, rows(answer, "grants"), COLUMNS);
    }
  }

  @Command(
      name = "add",
      aliases = "grant",
      mixinStandardHelpOptions = true,
      description = "Grant a privilege to a catalog role: on the catalog, or on --namespace, --table or --view")
  static final class AddGrant extends ApiCommand {
    @Mixin RoleOptions role;

    @Option(names = "--privilege", required = true, paramLabel = "PRIVILEGE", description = "TABLE_READ_DATA, NAMESPACE_CREATE, ... (any case)")
    String privilege;

    @Mixin SecurableOptions securable;

    @Option(
        names = "--allow-missing",
        description = "Store the grant pending when the namespace, table or view does not exist yet")
    boolean allowMissing;

    @Override
    void run() {
      ObjectNode body = object().put("privilege", privilege);
      body.set("securable", securable.securable(role.catalog));
      if (allowMissing) {
        body.put("allow-missing", true);
      }
      JsonNode answer = client().post(grants(role.catalog, role.catalogRole), body);
      output().object(output().format() == dev.floe.cli.OutputFormat.json ? answer : readable(answer));
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a privilege from a catalog role")
  static final class RevokeGrant extends ApiCommand {
    @Mixin RoleOptions role;

    @Option(names = "--privilege", required = true, paramLabel = "PRIVILEGE", description = "The privilege (any case)")
    String privilege;

    @Mixin SecurableOptions securable;

    @Override
    void run() {
      ObjectNode body = object().put("privilege", privilege);
      body.set("securable", securable.securable(role.catalog));
      client().post(grants(role.catalog, role.catalogRole) + "/revoke", body);
      output().done("Revoked " + privilege + " from catalog role " + role.catalogRole + " of catalog " + role.catalog);
    }
  }
}
