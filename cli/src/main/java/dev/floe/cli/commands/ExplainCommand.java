package dev.floe.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.cli.CliException;
import dev.floe.cli.Output;
import dev.floe.cli.OutputFormat;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code floe explain}: may a principal do an operation, and through which grants? */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Explain whether a principal may do an operation on a securable, and through which grants.",
      "Example: floe explain --principal alice --operation LOAD_TABLE --catalog lakehouse --namespace sales --table orders"
    })
public final class ExplainCommand extends ApiCommand {
  @Option(names = "--principal", required = true, paramLabel = "PRINCIPAL", description = "A principal, or a person of the identity provider")
  String principal;

  @Option(names = "--operation", required = true, paramLabel = "OPERATION", description = "LOAD_TABLE, CREATE_NAMESPACE, ... (any case)")
  String operation;

  @Option(
      names = "--principal-role",
      paramLabel = "ROLE",
      description = "Decide with only these of the principal's roles (for a person: the roles its groups map to); repeatable")
  List<String> principalRoles = new ArrayList<>();

  @Option(names = "--catalog", paramLabel = "CATALOG", description = "The catalog of the target (none: an operation without target)")
  String catalog;

  @Mixin SecurableOptions securable;

  @Override
  void run() {
    ObjectNode body = object().put("principal", principal).put("operation", operation);
    ArrayNode targets = body.putArray("targets");
    if (catalog != null) {
      targets.add(securable.securable(catalog));
    } else if (securable.any()) {
      throw new CliException("--namespace, --table and --view need --catalog");
    }
    if (!principalRoles.isEmpty()) {
      body.set("principal-roles", strings(principalRoles));
    }
    JsonNode answer = client().post(management("/explain"), body);
    Output output = output();
    if (output.format() == OutputFormat.json) {
      output.json(answer);
      return;
    }
    ObjectNode summary = answer.deepCopy();
    summary.remove("grants");
    output.object(summary);
    if (answer.path("grants").size() > 0) {
      output.line("");
      output.list(answer, answer.path("grants"), GrantsCommand.COLUMNS.subList(0, 4));
    }
  }
}
