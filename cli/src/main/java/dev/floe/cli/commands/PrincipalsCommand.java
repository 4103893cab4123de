package dev.floe.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.cli.Column;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code floe principals list|get|create|update|delete|rotate-credentials}. */
@Command(
    name = "principals",
    mixinStandardHelpOptions = true,
    description = "Service principals (service administrators)",
    subcommands = {
      PrincipalsCommand.ListPrincipals.class,
      PrincipalsCommand.GetPrincipal.class,
      PrincipalsCommand.CreatePrincipal.class,
      PrincipalsCommand.UpdatePrincipal.class,
      PrincipalsCommand.DeletePrincipal.class,
      PrincipalsCommand.RotateCredentials.class
    })
public final class PrincipalsCommand extends Group {
  static final String SHOWN_ONCE = "The client secret is shown only now: keep it safe (Floe stores only a hash of it).";

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List principals")
  static final class ListPrincipals extends ApiCommand {
    @Override
    void run() {
      JsonNode answer = client().get(management("/principals"));
      output()
          .list(
              answer,
              rows(answer, "principals"),
              List.of(
                  Column.field("name"), Column.field("client-id"), Column.field("disabled"), Column.field("principal-roles"),
                  Column.field("created-at")));
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a principal")
  static final class GetPrincipal extends ApiCommand {
    @Parameters(paramLabel = "PRINCIPAL", description = "The principal's name") String name;

    @Override
    void run() {
      output().object(client().get(management("/principals/" + segment(name))));
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create a service principal; prints its client credentials, the only time the secret is shown")
  static final class CreatePrincipal extends ApiCommand {
    @Parameters(paramLabel = "PRINCIPAL", description = "The principal's name") String name;

    @Option(names = "--property", paramLabel = "KEY=VALUE", description = "A free-form property; repeatable")
    Map<String, String> properties = new LinkedHashMap<>();

    @Override
    void run() {
      ObjectNode body = object().put("name", name);
      body.set("properties", properties(properties));
      JsonNode answer = client().post(management("/principals"), body);
      output().object(output().format() == dev.floe.cli.OutputFormat.json ? answer : flattenCredentials(answer));
      output().done(SHOWN_ONCE);
    }
  }

  @Command(name = "update", mixinStandardHelpOptions = true, description = "Disable or enable a principal")
  static final class UpdatePrincipal extends ApiCommand {
    @Parameters(paramLabel = "PRINCIPAL", description = "The principal's name") String name;

    @Option(names = "--disabled", required = true, arity = "1", paramLabel = "true|false", description = "A disabled principal is denied everything")
    boolean disabled;

    @Override
    void run() {
      output().object(client().patch(management("/principals/" + segment(name)), object().put("disabled", disabled)));
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Drop a principal")
  static final class DeletePrincipal extends ApiCommand {
    @Parameters(paramLabel = "PRINCIPAL", description = "The principal's name") String name;

    @Override
    void run() {
      client().delete(management("/principals/" + segment(name)));
      output().done("Dropped principal " + name);
    }
  }

  @Command(
      name = "rotate-credentials",
      mixinStandardHelpOptions = true,
      description = "Give a principal a new secret (tokens of the old one stop working); prints it, the only time it is shown")
  static final class RotateCredentials extends ApiCommand {
    @Parameters(paramLabel = "PRINCIPAL", description = "The principal's name") String name;

    @Override
    void run() {
      output().object(client().post(management("/principals/" + segment(name) + "/rotate")));
      output().done(SHOWN_ONCE);
    }
  }

  /** In a table, the credentials of a created principal as two rows of their own. */
  private static JsonNode flattenCredentials(JsonNode answer) {
    if (!answer.path("credentials").isObject()) {
      return answer;
    }
    ObjectNode shown = answer.deepCopy();
    JsonNode credentials = shown.remove("credentials");
    shown.set("client-id", credentials.path("client-id"));
    shown.set("client-secret", credentials.path("client-secret"));
    return shown;
  }
}
