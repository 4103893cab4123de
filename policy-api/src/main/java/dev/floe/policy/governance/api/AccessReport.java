package dev.floe.policy.governance.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Set;

/**
 * What an engine read for one finished query on governed tables: the access report an engine
 * sends to Floe's audit trail.
 *
 * @param engine the engine that ran the query ({@code trino}) and its server address, for the
 *     record
 * @param queryId the engine's query id
 * @param user who the query ran as
 * @param groups the user's groups as the engine knew them
 * @param startedAt when the query was created, ISO-8601
 * @param endedAt when it ended, ISO-8601
 * @param succeeded whether it finished without failure
 * @param failure the failure's message when it failed; {@code null} otherwise
 * @param tables the governed tables it read, with the columns, filters and masks applied
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccessReport(
    String engine,
    String queryId,
    String user,
    Set<String> groups,
    String startedAt,
    String endedAt,
    boolean succeeded,
    String failure,
    List<TableAccessReport> tables) {
  public AccessReport {
    requireNonNull(engine, "engine is null");
    requireNonNull(queryId, "queryId is null");
    requireNonNull(user, "user is null");
    groups = groups == null ? Set.of() : Set.copyOf(groups);
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(endedAt, "endedAt is null");
    tables = tables == null ? List.of() : List.copyOf(tables);
  }
}
