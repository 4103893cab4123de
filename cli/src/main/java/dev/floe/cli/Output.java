package dev.floe.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Prints answers: as JSON (indented, Floe's fields as they are) or as a table (a row per item and
 * a column per chosen field; one object as FIELD/VALUE lines). Cells: text as it is, lists of text
 * joined with commas, objects as compact JSON, absent or null empty.
 */
public final class Output {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper COMPACT = new ObjectMapper();

  private final OutputFormat format;
  private final PrintWriter out;

  public Output(OutputFormat format, PrintWriter out) {
    this.format = requireNonNull(format, "format is null");
    this.out = requireNonNull(out, "out is null");
  }

  public OutputFormat format() {
    return format;
  }

  /** A listing: {@code answer} printed as JSON, or {@code rows} as a table of {@code columns}. */
  public void list(JsonNode answer, JsonNode rows, List<Column> columns) {
    if (format == OutputFormat.json) {
      json(answer);
      return;
    }
    List<List<String>> cells = new ArrayList<>();
    for (JsonNode row : rows) {
      List<String> line = new ArrayList<>();
      for (Column column : columns) {
        line.add(cell(column.value().apply(row)));
      }
      cells.add(line);
    }
    table(columns.stream().map(column -> column.header().toUpperCase(Locale.ROOT)).toList(), cells);
  }

  /** One object: as JSON, or a FIELD/VALUE line per field. */
  public void object(JsonNode answer) {
    if (format == OutputFormat.json) {
      json(answer);
      return;
    }
    List<List<String>> cells = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = answer.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      cells.add(List.of(field.getKey(), cell(field.getValue())));
    }
    table(List.of("FIELD", "VALUE"), cells);
  }

  /** A confirmation for people (nothing in JSON output: the command's exit status says it). */
  public void done(String message) {
    if (format == OutputFormat.table) {
      out.println(message);
      out.flush();
    }
  }

  /** A line of text, in either format. */
  public void line(String text) {
    out.println(text);
    out.flush();
  }

  public void json(JsonNode answer) {
    try {
      out.println(JSON.writeValueAsString(answer));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    out.flush();
  }

  /** Rows of cells under headers, columns padded to their widest cell, the last column unpadded. */
  public void table(List<String> headers, List<List<String>> rows) {
    int[] widths = new int[headers.size()];
    for (int column = 0; column < headers.size(); column++) {
      widths[column] = headers.get(column).length();
      for (List<String> row : rows) {
        widths[column] = Math.max(widths[column], row.get(column).length());
      }
    }
    out.println(line(headers, widths));
    for (List<String> row : rows) {
      out.println(line(row, widths));
    }
    out.flush();
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int column = 0; column < cells.size(); column++) {
      String cell = cells.get(column);
      line.append(cell);
      if (column < cells.size() - 1) {
        line.append(" ".repeat(widths[column] - cell.length() + 2));
      }
    }
    return line.toString().stripTrailing();
  }

  /** The text of one cell. */
  public static String cell(JsonNode value) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return "";
    }
    if (value.isValueNode()) {
      return value.asText().replaceAll("[\\r\\n\\t]+", " ");
    }
    if (value.isArray()) {
      boolean scalars = true;
      for (JsonNode element : value) {
        scalars &= element.isValueNode();
      }
      if (scalars) {
        StringJoiner joined = new StringJoiner(",");
        value.forEach(element -> joined.add(cell(element)));
        return joined.toString();
      }
    }
    try {
      return COMPACT.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
