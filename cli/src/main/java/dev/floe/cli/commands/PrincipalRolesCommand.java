package dev.floe.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.cli.Column;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code floe principal-roles list|get|create|delete|grant|revoke}. */
@Command(
    name = "principal-roles",
    mixinStandardHelpOptions = true,
    description = "Principal roles and their members (service administrators)",
    subcommands = {
      PrincipalRolesCommand.ListPrincipalRoles.class,
      PrincipalRolesCommand.GetPrincipalRole.class,
      PrincipalRolesCommand.CreatePrincipalRole.class,
      PrincipalRolesCommand.DeletePrincipalRole.class,
      PrincipalRolesCommand.GrantPrincipalRole.class,
      PrincipalRolesCommand.RevokePrincipalRole.class
    })
public final class PrincipalRolesCommand extends Group {
  static final List<Column> COLUMNS =
      List.of(Column.field("name"), Column.field("service-administrator"), Column.field("trusted-engine"), Column.field("created-at"));

  static String membership(String principal, String role) {
    return ApiCommand.management("/principals/" + ApiCommand.segment(principal) + "/principal-roles/" + ApiCommand.segment(role));
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List principal roles, or those a principal holds")
  static final class ListPrincipalRoles extends ApiCommand {
    @Option(names = "--principal", paramLabel = "PRINCIPAL", description = "Only the roles this principal holds") String principal;

    @Override
    void run() {
      String path = principal == null ? "/principal-roles" : "/principals/" + ApiCommand.segment(principal) + "/principal-roles";
      JsonNode answer = client().get(ApiCommand.management(path));
      output().list(answer, rows(answer, "principal-roles"), COLUMNS);
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a principal role with its members and catalog roles")
  static final class GetPrincipalRole extends ApiCommand {
    @Parameters(paramLabel = "ROLE", description = "The principal role") String name;

    @Override
    void run() {
      output().object(client().get(ApiCommand.management("/principal-roles/" + ApiCommand.segment(name))));
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a principal role")
  static final class CreatePrincipalRole extends ApiCommand {
    @Parameters(paramLabel = "ROLE", description = "1 to 128 letters, digits, '_', '.', '@' or '-'") String name;

    @Option(names = "--service-administrator", description = "Its members are service administrators") boolean serviceAdministrator;

    @Option(
        names = "--trusted-engine",
        description = "Its members are trusted engines (may evaluate governance for anyone, get raw data access)")
    boolean trustedEngine;

    @Override
    void run() {
      ObjectNode body =
          object().put("name", name).put("service-administrator", serviceAdministrator).put("trusted-engine", trustedEngine);
      output().object(client().post(ApiCommand.management("/principal-roles"), body));
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Drop a principal role")
  static final class DeletePrincipalRole extends ApiCommand {
    @Parameters(paramLabel = "ROLE", description = "The principal role") String name;

    @Override
    void run() {
      client().delete(ApiCommand.management("/principal-roles/" + ApiCommand.segment(name)));
      output().done("Dropped principal role " + name);
    }
  }

  @Command(name = "grant", mixinStandardHelpOptions = true, description = "Make a principal a member of a principal role")
  static final class GrantPrincipalRole extends ApiCommand {
    @Parameters(paramLabel = "ROLE", description = "The principal role") String name;

    @Option(names = "--principal", required = true, paramLabel = "PRINCIPAL", description = "The principal") String principal;

    @Override
    void run() {
      JsonNode answer = client().put(membership(principal, name));
      if (output().format() == dev.floe.cli.OutputFormat.json) {
        output().json(answer);
      } else {
        output().done("Principal " + principal + " holds principal role " + name);
      }
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "End a principal's membership of a principal role")
  static final class RevokePrincipalRole extends ApiCommand {
    @Parameters(paramLabel = "ROLE", description = "The principal role") String name;

    @Option(names = "--principal", required = true, paramLabel = "PRINCIPAL", description = "The principal") String principal;

    @Override
    void run() {
      client().delete(membership(principal, name));
      output().done("Principal " + principal + " no longer holds principal role " + name);
    }
  }
}
