package dev.floe.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.cli.CliException;
import dev.floe.cli.FloeCli;
import dev.floe.cli.FloeClient;
import dev.floe.cli.Output;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that calls Floe: reaches the signed-in client and the output of the command line. */
abstract class ApiCommand implements Callable<Integer> {
  static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Override
  public final Integer call() {
    run();
    return 0;
  }

  abstract void run();

  FloeCli cli() {
    return (FloeCli) spec.root().userObject();
  }

  FloeClient client() {
    return cli().client();
  }

  Output output() {
    return cli().output();
  }

  static String management(String path) {
    return FloeClient.MANAGEMENT + path;
  }

  static String segment(String value) {
    return FloeClient.segment(value);
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static ObjectNode properties(Map<String, String> values) {
    ObjectNode properties = object();
    if (values != null) {
      values.forEach(properties::put);
    }
    return properties;
  }

  static ArrayNode strings(List<String> values) {
    ArrayNode array = JSON.createArrayNode();
    values.forEach(array::add);
    return array;
  }

  /** A dotted namespace ({@code sales.eu}) as its levels. */
  static List<String> namespaceLevels(String dotted) {
    List<String> levels = Arrays.asList(dotted.split("\\.", -1));
    if (dotted.isEmpty() || levels.stream().anyMatch(String::isEmpty)) {
      throw new CliException("Invalid namespace '" + dotted + "': expected levels separated by dots, as sales or sales.eu");
    }
    return levels;
  }

  /** An array of the answer's field, or an empty array. */
  static JsonNode rows(JsonNode answer, String field) {
    JsonNode rows = answer.path(field);
    return rows.isArray() ? rows : JSON.createArrayNode();
  }
}
