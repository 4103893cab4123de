package dev.floe.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.floe.cli.FloeClient;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every page of an Iceberg REST listing ({@code next-page-token}), joined. */
final class Pages {
  private static final int MAX_PAGES = 10_000;

  private Pages() {}

  static ArrayNode all(FloeClient client, String path, Map<String, String> query, String field) {
    ArrayNode all = ApiCommand.JSON.createArrayNode();
    String token = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      Map<String, String> parameters = new LinkedHashMap<>(query);
      if (token != null) {
        parameters.put("pageToken", token);
      }
      JsonNode answer = client.get(path, parameters);
      answer.path(field).forEach(all::add);
      JsonNode next = answer.path("next-page-token");
      if (!next.isTextual() || next.asText().isEmpty()) {
        return all;
      }
      token = next.asText();
    }
    return all;
  }
}
