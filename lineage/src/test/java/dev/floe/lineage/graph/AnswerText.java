package dev.floe.lineage.graph;

import dev.floe.lineage.graph.LineageNode.DatasetNode;
import dev.floe.lineage.graph.LineageNode.JobNode;
import dev.floe.lineage.graph.LineageNode.RestrictedNode;
import java.util.List;

/** Answers as short lines, so tests can compare whole answers at a glance. */
final class AnswerText {
  private AnswerText() {}

  /** {@code n0 prod.gold.t}, {@code n3 job dbt/x}, {@code n4 restricted DATASET}. */
  static List<String> nodes(LineageAnswer answer) {
    return answer.nodes().stream().map(AnswerText::node).toList();
  }

  static String node(LineageNode node) {
    return switch (node) {
      case DatasetNode dataset -> dataset.id() + " " + dataset.dataset();
      case JobNode job -> job.id() + " job " + job.job().namespace() + "/" + job.job().name();
      case RestrictedNode restricted -> restricted.id() + " restricted " + restricted.kind();
    };
  }

  /** {@code n1 -> n5}. */
  static List<String> edges(LineageAnswer answer) {
    return answer.edges().stream().map(edge -> edge.from() + " -> " + edge.to()).toList();
  }

  /** {@code n1.amount -> n0.revenue by n5}; a restricted column shows as {@code ?}. */
  static List<String> columns(LineageAnswer answer) {
    return answer.columnEdges().stream()
        .map(edge -> endpoint(edge.from()) + " -> " + endpoint(edge.to()) + " by " + edge.job())
        .toList();
  }

  static String endpoint(ColumnEndpoint endpoint) {
    return endpoint.node() + "." + endpoint.column().orElse("?");
  }
}
