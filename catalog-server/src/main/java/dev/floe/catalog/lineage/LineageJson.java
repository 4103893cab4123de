package dev.floe.catalog.lineage;

import com.fasterxml.jackson.core.JsonGenerator;
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
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The lineage API's JSON: answers, column lineage, runs and what an accepted event resolved to. */
final class LineageJson {
  private LineageJson() {}

  /** An answer, streamed: answers run to thousands of nodes, so no tree is built for them. */
  static StreamingOutput answer(LineageAnswer answer) {
    return output -> {
      try (JsonGenerator json = FloeJson.mapper().getFactory().createGenerator(output)) {
        json.writeStartObject();
        json.writeArrayFieldStart("nodes");
        for (LineageNode node : answer.nodes()) {
          writeNode(json, node);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("edges");
        for (LineageEdge edge : answer.edges()) {
          json.writeStartObject();
          json.writeStringField("from", edge.from());
          json.writeStringField("to", edge.to());
          json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("column-edges");
        for (ColumnEdge edge : answer.columnEdges()) {
          json.writeStartObject();
          json.writeFieldName("from");
          writeEndpoint(json, edge.from());
          json.writeFieldName("to");
          writeEndpoint(json, edge.to());
          json.writeStringField("job", edge.job());
          json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
      }
    };
  }

  private static void writeNode(JsonGenerator json, LineageNode node) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", node.id());
    switch (node) {
      case LineageNode.DatasetNode dataset -> {
        json.writeStringField("type", "dataset");
        switch (dataset.dataset()) {
          case CatalogTable table -> {
            json.writeStringField("kind", "table");
            json.writeStringField("catalog", table.catalog());
            json.writeArrayFieldStart("namespace");
            for (String level : table.namespace()) {
              json.writeString(level);
            }
            json.writeEndArray();
            json.writeStringField("name", table.name());
          }
          case External external -> {
            json.writeStringField("kind", "external");
            json.writeStringField("namespace", external.namespace());
            json.writeStringField("name", external.name());
          }
        }
      }
      case LineageNode.JobNode job -> {
        json.writeStringField("type", "job");
        json.writeStringField("namespace", job.job().namespace());
        json.writeStringField("name", job.job().name());
        json.writeStringField("last-run-id", job.lastRunId().toString());
        json.writeStringField("last-event-time", job.lastEventTime().toString());
      }
      case LineageNode.RestrictedNode restricted -> {
        json.writeStringField("type", "restricted");
        json.writeStringField("kind", restricted.kind() == LineageNode.RestrictedNode.Kind.DATASET ? "dataset" : "job");
      }
    }
    json.writeEndObject();
  }

  private static void writeEndpoint(JsonGenerator json, ColumnEndpoint endpoint) throws IOException {
    json.writeStartObject();
    json.writeStringField("node", endpoint.node());
    if (endpoint.column().isPresent()) {
      json.writeStringField("column", endpoint.column().get());
    }
    json.writeEndObject();
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
