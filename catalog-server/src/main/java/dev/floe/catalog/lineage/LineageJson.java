package dev.floe.catalog.lineage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.json.FloeJson;
import dev.floe.lineage.graph.ColumnEdge;
import dev.floe.lineage.graph.ColumnEndpoint;
import dev.floe.lineage.graph.ColumnLineage;
import dev.floe.lineage.graph.LineageAnswer;
import dev.floe.lineage.graph.LineageEdge;
import dev.floe.lineage.graph.LineageNode;
import dev.floe.lineage.graph.ResolvedRun;
import dev.floe.lineage.resolve.ResolvedDataset;
import dev.floe.lineage.resolve.ResolvedDataset.CatalogTable;
import dev.floe.lineage.resolve.ResolvedDataset.External;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The lineage API's JSON: answers, column lineage, runs and what an accepted event resolved to. */
final class LineageJson {
  private LineageJson() {}

  static ObjectNode answer(LineageAnswer answer) {
    ObjectNode json = FloeJson.mapper().createObjectNode();
    ArrayNode nodes = json.putArray("nodes");
    answer.nodes().forEach(node -> nodes.add(node(node)));
    ArrayNode edges = json.putArray("edges");
    for (LineageEdge edge : answer.edges()) {
      edges.addObject().put("from", edge.from()).put("to", edge.to());
    }
    ArrayNode columnEdges = json.putArray("column-edges");
    for (ColumnEdge edge : answer.columnEdges()) {
      ObjectNode column = columnEdges.addObject();
      column.set("from", endpoint(edge.from()));
      column.set("to", endpoint(edge.to()));
      column.put("job", edge.job());
    }
    return json;
  }

  static ObjectNode columns(ColumnLineage lineage) {
    ObjectNode json = FloeJson.mapper().createObjectNode();
    ArrayNode nodes = json.putArray("nodes");
    lineage.nodes().forEach(node -> nodes.add(node(node)));
    ObjectNode columns = json.putObject("columns");
    for (Map.Entry<String, List<ColumnEndpoint>> column : lineage.sources().entrySet()) {
      ArrayNode sources = columns.putArray(column.getKey());
      column.getValue().forEach(source -> sources.add(endpoint(source)));
    }
    return json;
  }

  static ObjectNode runs(String namespace, String name, List<LineageQueries.RunView> runs) {
    ObjectNode json = FloeJson.mapper().createObjectNode();
    json.putObject("job").put("namespace", namespace).put("name", name);
    ArrayNode array = json.putArray("runs");
    for (LineageQueries.RunView run : runs) {
      ObjectNode item = array.addObject();
      item.put("run-id", run.runId().toString());
      item.put("state", run.state());
      item.put("source", run.source());
      time(item, "started-at", run.startedAt());
      time(item, "ended-at", run.endedAt());
      if (run.startedAt() != null && run.endedAt() != null) {
        item.put("duration-ms", run.endedAt().toEpochMilli() - run.startedAt().toEpochMilli());
      }
      time(item, "last-event-time", run.lastEventTime());
      item.put("producer", run.producer());
      item.put("reported-by", run.reportedBy());
      item.put("events", run.events());
      ArrayNode commits = item.putArray("commits");
      for (LineageQueries.CommitView commit : run.commits()) {
        ObjectNode c = commits.addObject();
        c.set("table", dataset(commit.table()));
        if (commit.snapshotId() != null) {
          c.put("snapshot-id", commit.snapshotId());
        }
        c.put("committed-by", commit.committedBy());
        commit.engine().ifPresent(engine -> c.put("engine", engine));
        commit.engineRun().ifPresent(engineRun -> c.put("engine-run", engineRun));
        time(c, "committed-at", commit.committedAt());
      }
    }
    return json;
  }

  /** What an accepted event's datasets resolved to. */
  static ObjectNode accepted(ResolvedRun run) {
    ObjectNode json = FloeJson.mapper().createObjectNode();
    json.put("run-id", run.runId().toString());
    ArrayNode inputs = json.putArray("inputs");
    run.inputs().forEach(dataset -> inputs.add(dataset(dataset)));
    ArrayNode outputs = json.putArray("outputs");
    run.outputs().forEach(dataset -> outputs.add(dataset(dataset)));
    return json;
  }

  private static ObjectNode node(LineageNode node) {
    ObjectNode json = FloeJson.mapper().createObjectNode();
    json.put("id", node.id());
    switch (node) {
      case LineageNode.DatasetNode dataset -> {
        json.put("type", "dataset");
        json.setAll(dataset(dataset.dataset()));
      }
      case LineageNode.JobNode job -> {
        json.put("type", "job");
        json.put("namespace", job.job().namespace());
        json.put("name", job.job().name());
        json.put("last-run-id", job.lastRunId().toString());
        time(json, "last-event-time", job.lastEventTime());
      }
      case LineageNode.RestrictedNode restricted -> {
        json.put("type", "restricted");
        json.put("kind", restricted.kind() == LineageNode.RestrictedNode.Kind.DATASET ? "dataset" : "job");
      }
    }
    return json;
  }

  private static ObjectNode dataset(ResolvedDataset dataset) {
    ObjectNode json = FloeJson.mapper().createObjectNode();
    switch (dataset) {
      case CatalogTable table -> {
        json.put("kind", "table");
        json.put("catalog", table.catalog());
        ArrayNode namespace = json.putArray("namespace");
        table.namespace().forEach(namespace::add);
        json.put("name", table.name());
      }
      case External external -> {
        json.put("kind", "external");
        json.put("namespace", external.namespace());
        json.put("name", external.name());
      }
    }
    return json;
  }

  private static ObjectNode endpoint(ColumnEndpoint endpoint) {
    ObjectNode json = FloeJson.mapper().createObjectNode();
    json.put("node", endpoint.node());
    endpoint.column().ifPresent(column -> json.put("column", column));
    return json;
  }

  private static void time(ObjectNode json, String field, Instant time) {
    if (time != null) {
      json.put(field, time.toString());
    }
  }
}
