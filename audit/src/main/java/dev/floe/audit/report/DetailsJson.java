package dev.floe.audit.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reading the JSON that audit details carry as text, and writing details as one JSON object. */
final class DetailsJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DetailsJson() {}

  /**
   * A details entry holding a JSON object of string arrays ({@code column-tags}); empty when absent
   * or not such an object (a report shows what it can rather than failing on one odd event).
   */
  static Map<String, List<String>> stringLists(String json) {
    Map<String, List<String>> lists = new LinkedHashMap<>();
    JsonNode node = parse(json);
    if (node != null && node.isObject()) {
      node.properties().forEach(entry -> {
        List<String> values = new ArrayList<>();
        entry.getValue().forEach(value -> values.add(value.asText()));
        lists.put(entry.getKey(), List.copyOf(values));
      });
    }
    return lists;
  }

  /**
   * A details entry holding a JSON array of objects, as a map from one text field to another
   * ({@code masks}: column to expression); empty when absent or malformed.
   */
  static Map<String, String> pairs(String json, String keyField, String valueField) {
    Map<String, String> pairs = new LinkedHashMap<>();
    JsonNode node = parse(json);
    if (node != null && node.isArray()) {
      for (JsonNode item : node) {
        if (item.hasNonNull(keyField) && item.hasNonNull(valueField)) {
          pairs.put(item.get(keyField).asText(), item.get(valueField).asText());
        }
      }
    }
    return pairs;
  }

  /** Every details entry as one JSON object, keys sorted. */
  static String object(Map<String, String> details) {
    try {
      return MAPPER.writeValueAsString(new TreeMap<>(details));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot encode audit details", e);
    }
  }

  private static JsonNode parse(String json) {
    if (json == null || json.isEmpty()) {
      return null;
    }
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
