package dev.floe.lineage.graph;

import static dev.floe.lineage.graph.AnswerText.columns;
import static dev.floe.lineage.graph.AnswerText.edges;
import static dev.floe.lineage.graph.AnswerText.nodes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.lineage.event.JobRef;
import dev.floe.lineage.graph.LineageNode.JobNode;
import dev.floe.lineage.resolve.ResolvedDataset;
import dev.floe.lineage.resolve.ResolvedDataset.CatalogTable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Graphs built by hand: cycles, repeated runs, fan-out. */
class TestLineageGraphShapes {
  private static final CatalogTable A = table("a");
  private static final CatalogTable B = table("b");
  private static final CatalogTable C = table("c");
  private static final CatalogTable D = table("d");
  private static final Predicate<ResolvedDataset> ALL = dataset -> true;
  private static final Instant NOON = Instant.parse("2025-06-02T12:00:00Z");

  @Test
  void cyclesEnd() {
    // a -> j1 -> b -> j2 -> a, and j3 merges into c from c itself
    LineageGraph graph =
        LineageGraph.builder()
            .add(run("j1", NOON, List.of(A), List.of(B)))
            .add(run("j2", NOON, List.of(B), List.of(A)))
            .add(run("j3", NOON, List.of(C, A), List.of(C)))
            .build();

    LineageAnswer upstream = graph.upstream(A, 1000, ALL);
    assertThat(nodes(upstream)).containsExactly("n0 c.n.a", "n1 c.n.b", "n2 job etl/j2", "n3 job etl/j1");
    assertThat(edges(upstream)).containsExactly("n2 -> n0", "n1 -> n2", "n3 -> n1", "n0 -> n3");

    LineageAnswer selfLoop = graph.upstream(C, 1000, ALL);
    assertThat(nodes(selfLoop))
        .containsExactly("n0 c.n.c", "n1 c.n.a", "n2 c.n.b", "n3 job etl/j3", "n4 job etl/j2", "n5 job etl/j1");
    assertThat(edges(selfLoop))
        .containsExactly(
            "n3 -> n0", "n0 -> n3", "n1 -> n3", "n4 -> n1", "n2 -> n4", "n5 -> n2", "n1 -> n5");

    LineageAnswer downstream = graph.downstream(A, 1000, ALL);
    assertThat(nodes(downstream))
        .containsExactly("n0 c.n.a", "n1 c.n.b", "n2 c.n.c", "n3 job etl/j1", "n4 job etl/j3", "n5 job etl/j2");
  }

  @Test
  void aJobShowsItsLatestRunWhateverTheOrderRunsCameIn() {
    UUID latest = UUID.fromString("00000000-0000-7000-8000-000000000002");
    LineageGraph graph =
        LineageGraph.builder()
            .add(new ResolvedRun(job("j"), latest, NOON.plusSeconds(60), List.of(A), List.of(B), List.of()))
            .add(run("j", NOON, List.of(C), List.of(B)))
            .build();

    LineageAnswer answer = graph.upstream(B, 1, ALL);

    JobNode job = (JobNode) answer.nodes().getLast();
    assertThat(job.lastRunId()).isEqualTo(latest);
    assertThat(job.lastEventTime()).isEqualTo(NOON.plusSeconds(60));
    // the edges of both runs count
    assertThat(nodes(answer)).containsExactly("n0 c.n.b", "n1 c.n.a", "n2 c.n.c", "n3 job etl/j");
  }

  @Test
  void columnLinksFollowOnlyTheFlowsReached() {
    // j reads a and writes b and d; upstream of b must not show the columns j writes into d
    LineageGraph graph =
        LineageGraph.builder()
            .add(
                new ResolvedRun(
                    job("j"),
                    UUID.randomUUID(),
                    NOON,
                    List.of(A),
                    List.of(B, D),
                    List.of(link(A, "x", B, "x"), link(A, "y", D, "y"))))
            .build();

    LineageAnswer answer = graph.upstream(B, 1, ALL);

    assertThat(nodes(answer)).containsExactly("n0 c.n.b", "n1 c.n.a", "n2 job etl/j");
    assertThat(columns(answer)).containsExactly("n1.x -> n0.x by n2");
  }

  @Test
  void columnSourcesCountAsInputs() {
    // a producer that lists a column's source dataset only in the column lineage facet
    LineageGraph graph =
        LineageGraph.builder()
            .add(
                new ResolvedRun(
                    job("j"), UUID.randomUUID(), NOON, List.of(), List.of(B), List.of(link(A, "x", B, "x"))))
            .build();

    assertThat(edges(graph.upstream(B, 1, ALL))).containsExactly("n2 -> n0", "n1 -> n2");
    assertThat(columns(graph.upstream(B, 1, ALL))).containsExactly("n1.x -> n0.x by n2");
  }

  @Test
  void idsDoNotDependOnVisibility() {
    LineageGraph graph =
        LineageGraph.builder()
            .add(run("j1", NOON, List.of(A), List.of(B)))
            .add(run("j2", NOON, List.of(B), List.of(C)))
            .build();

    LineageAnswer open = graph.downstream(A, 5, ALL);
    LineageAnswer hidden = graph.downstream(A, 5, dataset -> !dataset.equals(B));

    assertThat(hidden.nodes()).extracting(LineageNode::id).isEqualTo(open.nodes().stream().map(LineageNode::id).toList());
    assertThat(nodes(hidden)).contains("n1 restricted DATASET");
    assertThat(hidden.edges()).isEqualTo(open.edges());
  }

  private static ResolvedRun run(
      String job, Instant time, List<ResolvedDataset> inputs, List<ResolvedDataset> outputs) {
    return new ResolvedRun(job(job), UUID.randomUUID(), time, inputs, outputs, List.of());
  }

  private static ColumnLink link(ResolvedDataset from, String fromColumn, ResolvedDataset to, String toColumn) {
    return new ColumnLink(new ResolvedColumn(from, fromColumn), new ResolvedColumn(to, toColumn));
  }

  private static JobRef job(String name) {
    return new JobRef("etl", name);
  }

  private static CatalogTable table(String name) {
    return new CatalogTable("c", List.of("n"), name);
  }
}
