package dev.floe.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/** A column of a table: its header and how its cell is taken from a row's JSON object. */
public record Column(String header, Function<JsonNode, JsonNode> value) {
  public Column {
    requireNonNull(header, "header is null");
    requireNonNull(value, "value is null");
  }

  /** The column of a field of the row, headed by the field's name. */
  public static Column field(String name) {
    return new Column(name, row -> row.path(name));
  }
}
