package dev.floe.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.cli.Column;
import dev.floe.cli.OutputFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code floe audit events}: the audit trail, newest first (service administrators). */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "The audit trail (service administrators)",
    subcommands = AuditCommand.Events.class)
public final class AuditCommand extends Group {

  @Command(
      name = "events",
      mixinStandardHelpOptions = true,
      description = "List audit events, newest first; filters combine with AND. A further page: --page-token with the token printed.")
  static final class Events extends ApiCommand {
    @Option(names = "--principal", paramLabel = "PRINCIPAL", description = "The principal's name, exact") String principal;

    @Option(names = "--operation", paramLabel = "OPERATION", description = "An operation, such as LOAD_TABLE") String operation;

    @Option(names = "--resource", paramLabel = "RESOURCE", description = "Exact, or a prefix ending in * (table:lakehouse.sales.*)")
    String resource;

    @Option(names = "--decision", paramLabel = "DECISION", description = "ALLOW, DENY, NOT_FOUND, SUCCESS, FAILURE, ...") String decision;

    @Option(names = "--kind", paramLabel = "KIND", description = "AUTHENTICATION, AUTHORIZATION, MUTATION or DATA_ACCESS") String kind;

    @Option(names = "--tag", paramLabel = "TAG", description = "Events whose tags hold this tag") String tag;

    @Option(names = "--query-id", paramLabel = "ID", description = "Events of this engine query id") String queryId;

    @Option(names = "--since", paramLabel = "INSTANT", description = "ISO-8601 instant, inclusive (2026-11-30T00:00:00Z)") String since;

    @Option(names = "--until", paramLabel = "INSTANT", description = "ISO-8601 instant, exclusive") String until;

    @Option(names = "--page-size", paramLabel = "N", description = "Events per page, 1 to 1000 (default 100)") Integer pageSize;

    @Option(names = "--page-token", paramLabel = "TOKEN", description = "The next-page token of the previous page") String pageToken;

    @Override
    void run() {
      Map<String, String> query = new LinkedHashMap<>();
      put(query, "principal", principal);
      put(query, "operation", operation);
      put(query, "resource", resource);
      put(query, "decision", decision);
      put(query, "kind", kind);
      put(query, "tag", tag);
      put(query, "queryId", queryId);
      put(query, "since", since);
      put(query, "until", until);
      put(query, "pageSize", pageSize == null ? null : pageSize.toString());
      put(query, "pageToken", pageToken);
      JsonNode answer = client().get(management("/audit/events"), query);
      output()
          .list(
              answer,
              rows(answer, "events"),
              List.of(
                  Column.field("time"),
                  Column.field("kind"),
                  Column.field("principal"),
                  Column.field("operation"),
                  Column.field("resource"),
                  Column.field("decision"),
                  Column.field("reason")));
      JsonNode next = answer.path("next-page-token");
      if (output().format() == OutputFormat.table && next.isTextual()) {
        spec.commandLine().getErr().println("More events: add --page-token " + next.asText());
        spec.commandLine().getErr().flush();
      }
    }

    private static void put(Map<String, String> query, String name, String value) {
      if (value != null) {
        query.put(name, value);
      }
    }
  }
}
