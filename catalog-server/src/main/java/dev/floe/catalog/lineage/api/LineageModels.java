package dev.floe.catalog.lineage.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The lineage API's answers as the OpenAPI document describes them. For the document only: the
 * answers are written by {@code LineageJson} (streamed, the graphs run to thousands of nodes), whose
 * fields these records name one for one.
 */
public final class LineageModels {
  private LineageModels() {}

  /** A dataset: a catalog table, or a dataset outside Floe's catalogs by its OpenLineage names. */
  @Schema(name = "LineageDataset")
  public record Dataset(
      @Schema(required = true, enumeration = {"table", "external"}) String kind,
      @Schema(description = "table: the catalog") String catalog,
      @Schema(
              required = true,
              description = "table: the namespace levels (an array); external: the OpenLineage dataset namespace (a string)",
              oneOf = {String.class, String[].class})
          Object namespace,
      @Schema(required = true, description = "The table or dataset name") String name) {}

  /** A node of a lineage graph: a dataset, a job, or one the caller may not see. */
  @Schema(name = "LineageNode")
  public record Node(
      @Schema(required = true, description = "The node's id, referred to by edges") String id,
      @Schema(required = true, enumeration = {"dataset", "job", "restricted"}) String type,
      @Schema(description = "dataset: table or external; restricted: dataset or job") String kind,
      @Schema(description = "dataset of kind table: the catalog") String catalog,
      @Schema(
              description = "dataset of kind table: the namespace levels; external dataset or job: the OpenLineage namespace",
              oneOf = {String.class, String[].class})
          Object namespace,
      @Schema(description = "dataset or job: its name") String name,
      @JsonProperty("last-run-id") @Schema(description = "job: its last run") String lastRunId,
      @JsonProperty("last-event-time") @Schema(description = "job: ISO-8601 instant of its last event") String lastEventTime) {}

  @Schema(name = "LineageEdge", description = "Data flows from one node to the other")
  public record Edge(@Schema(required = true) String from, @Schema(required = true) String to) {}

  @Schema(name = "LineageColumnEndpoint")
  public record ColumnEndpoint(
      @Schema(required = true, description = "A node id") String node, @Schema(description = "The column, when known") String column) {}

  @Schema(name = "LineageColumnEdge", description = "A column of one dataset feeds a column of another, through a job")
  public record ColumnEdge(
      @Schema(required = true) ColumnEndpoint from, @Schema(required = true) ColumnEndpoint to, @Schema(required = true) String job) {}

  @Schema(name = "LineageGraph", description = "The datasets and jobs upstream or downstream of a table, with their edges")
  public record Graph(
      @Schema(required = true) List<Node> nodes,
      @Schema(required = true) List<Edge> edges,
      @JsonProperty("column-edges") @Schema(required = true) List<ColumnEdge> columnEdges) {}

  @Schema(name = "LineageColumns", description = "For each column of the table, the columns it is computed from")
  public record Columns(
      @Schema(required = true) List<Node> nodes,
      @Schema(required = true, description = "Column name to its sources") Map<String, List<ColumnEndpoint>> columns) {}

  @Schema(name = "LineageJob")
  public record Job(@Schema(required = true) String namespace, @Schema(required = true) String name) {}

  @Schema(name = "LineageCommit", description = "A table commit of the run")
  public record Commit(
      @Schema(required = true) Dataset table,
      @JsonProperty("snapshot-id") @Schema(type = SchemaType.INTEGER, format = "int64") Long snapshotId,
      @JsonProperty("committed-by") @Schema(required = true) String committedBy,
      String engine,
      @JsonProperty("engine-run") String engineRun,
      @JsonProperty("committed-at") @Schema(description = "ISO-8601 instant") String committedAt) {}

  @Schema(name = "LineageRun")
  public record Run(
      @JsonProperty("run-id") @Schema(required = true) String runId,
      @Schema(nullable = true, description = "The run's state, e.g. START, RUNNING, COMPLETE, FAIL, ABORT") String state,
      @Schema(nullable = true, description = "Where the run's events came from") String source,
      @JsonProperty("started-at") @Schema(description = "ISO-8601 instant") String startedAt,
      @JsonProperty("ended-at") @Schema(description = "ISO-8601 instant") String endedAt,
      @JsonProperty("duration-ms") @Schema(type = SchemaType.INTEGER, format = "int64") Long durationMs,
      @JsonProperty("last-event-time") @Schema(description = "ISO-8601 instant") String lastEventTime,
      @Schema(nullable = true, description = "The OpenLineage producer") String producer,
      @JsonProperty("reported-by") @Schema(nullable = true, description = "The principal that sent the events") String reportedBy,
      @Schema(required = true, description = "How many events") int events,
      @Schema(required = true) List<Commit> commits) {}

  @Schema(name = "LineageRuns", description = "A job's runs, newest first")
  public record Runs(@Schema(required = true) Job job, @Schema(required = true) List<Run> runs) {}

  @Schema(name = "LineageEventAccepted", description = "What the accepted event's datasets resolved to")
  public record Accepted(
      @JsonProperty("run-id") @Schema(required = true) String runId,
      @Schema(required = true) List<Dataset> inputs,
      @Schema(required = true) List<Dataset> outputs) {}
}
