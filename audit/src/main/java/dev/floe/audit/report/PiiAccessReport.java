package dev.floe.audit.report;

import dev.floe.audit.AuditEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who read personal data: one row per column tagged {@code pii.*} (at the time of the read) that a
 * {@code DATA_ACCESS} event says was read, with whether the user saw it {@code MASKED} (and the
 * mask expression the engine applied) or {@code RAW}.
 */
public final class PiiAccessReport extends SelectedReport {
  /** Tags whose name starts with this mark personal data. */
  public static final String PII_PREFIX = "pii.";

  private static final List<String> COLUMNS =
      List.of("time", "user", "groups", "engine", "reported-by", "query-id", "table", "column", "tags", "access", "mask");
  private static final ReportSelection SELECTION = new ReportSelection(Set.of(AuditEvent.Kind.DATA_ACCESS), Set.of());

  public PiiAccessReport() {
    super("pii-access", COLUMNS, SELECTION);
  }

  @Override
  List<List<String>> rowsOf(AuditEvent event) {
    Map<String, String> details = event.details();
    Map<String, List<String>> columnTags = DetailsJson.stringLists(details.get("column-tags"));
    Map<String, String> masks = DetailsJson.pairs(details.get("masks"), "column", "expression");
    Set<String> masked = Set.copyOf(split(details.get("masked-columns")));
    List<List<String>> rows = new ArrayList<>();
    for (String column : split(details.get("columns"))) {
      List<String> tags = columnTags.getOrDefault(column, List.of());
      if (tags.stream().noneMatch(tag -> tag.startsWith(PII_PREFIX))) {
        continue;
      }
      boolean isMasked = masked.contains(column);
      rows.add(
          Arrays.asList(
              event.time().toString(),
              event.principal(),
              details.getOrDefault("groups", ""),
              details.getOrDefault("engine", ""),
              details.getOrDefault("reported-by", ""),
              details.getOrDefault("query-id", ""),
              table(event.resource()),
              column,
              String.join(",", tags.stream().sorted().toList()),
              isMasked ? "MASKED" : "RAW",
              isMasked ? masks.getOrDefault(column, "") : ""));
    }
    return rows;
  }

  private static String table(String resource) {
    return resource.startsWith("table:") ? resource.substring("table:".length()) : resource;
  }

  private static List<String> split(String list) {
    return list == null || list.isEmpty() ? List.of() : List.of(list.split(","));
  }
}
