package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestOutput {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aTableHasAlignedColumnsAndNoTrailingSpaces() throws Exception {
    JsonNode answer = JSON.readTree("{\"catalogs\":[{\"name\":\"lakehouse\",\"storage-root\":\"file:///w\",\"properties\":{}},"
        + "{\"name\":\"s\",\"storage-root\":\"s3://b/p\",\"properties\":{\"s3.region\":\"eu\"}}]}");
    String printed = print(OutputFormat.table, output -> output.list(answer, answer.path("catalogs"),
        List.of(Column.field("name"), Column.field("storage-root"), Column.field("missing"))));
    assertThat(printed).isEqualTo(
        "NAME       STORAGE-ROOT  MISSING\n"
            + "lakehouse  file:///w\n"
            + "s          s3://b/p\n");
  }

  @Test
  void jsonIsTheAnswerAsItIs() throws Exception {
    JsonNode answer = JSON.readTree("{\"catalogs\":[{\"name\":\"lakehouse\"}]}");
    String printed = print(OutputFormat.json, output -> output.list(answer, answer.path("catalogs"), List.of(Column.field("name"))));
    assertThat(JSON.readTree(printed)).isEqualTo(answer);
  }

  @Test
  void oneObjectIsFieldValueLines() throws Exception {
    JsonNode answer = JSON.readTree("{\"name\":\"alice\",\"principal-roles\":[\"a\",\"b\"],\"properties\":{\"k\":\"v\"},\"gone\":null}");
    assertThat(print(OutputFormat.table, output -> output.object(answer)))
        .isEqualTo("FIELD            VALUE\nname             alice\nprincipal-roles  a,b\nproperties       {\"k\":\"v\"}\ngone\n");
  }

  @Test
  void cells() throws Exception {
    assertThat(Output.cell(JSON.readTree("[1,\"x\",true]"))).isEqualTo("1,x,true");
    assertThat(Output.cell(JSON.readTree("[{\"a\":1}]"))).isEqualTo("[{\"a\":1}]");
    assertThat(Output.cell(JSON.readTree("\"two\\nlines\""))).isEqualTo("two lines");
    assertThat(Output.cell(null)).isEmpty();
  }

  @Test
  void confirmationsOnlyForPeople() {
    assertThat(print(OutputFormat.table, output -> output.done("Dropped"))).isEqualTo("Dropped\n");
    assertThat(print(OutputFormat.json, output -> output.done("Dropped"))).isEmpty();
  }

  private static String print(OutputFormat format, java.util.function.Consumer<Output> printing) {
    StringWriter text = new StringWriter();
    printing.accept(new Output(format, new PrintWriter(text)));
    return text.toString().replace(System.lineSeparator(), "\n");
  }
}
