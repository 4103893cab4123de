package dev.floe.policy.contracts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The rules of one schema contract; each is off unless set.
 *
 * @param requiredColumns columns (full names) that cannot be dropped or renamed
 * @param typesOnlyWiden a column's type may change only as Iceberg promotes types
 * @param columnNamePattern a new or renamed column's name must match this (whole name)
 * @param noBreakingChange no drop, rename, optional to required change, or new required column
 * @param piiColumnsTagged a new column whose name or doc looks like personal data must carry a
 *     {@code pii} tag, or be named in {@code notPii}
 * @param notPii columns (full names) declared not to hold personal data
 */
public record ContractRules(
    Set<String> requiredColumns,
    boolean typesOnlyWiden,
    Optional<String> columnNamePattern,
    boolean noBreakingChange,
    boolean piiColumnsTagged,
    Set<String> notPii) {
  public static final String REQUIRED_COLUMNS = "required-columns";
  public static final String TYPES_ONLY_WIDEN = "types-only-widen";
  public static final String COLUMN_NAME_PATTERN = "column-name-pattern";
  public static final String NO_BREAKING_CHANGE = "no-breaking-change";
  public static final String PII_COLUMNS_TAGGED = "pii-columns-tagged";
  public static final String NOT_PII = "not-pii";
  public static final List<String> NAMES =
      List.of(REQUIRED_COLUMNS, TYPES_ONLY_WIDEN, COLUMN_NAME_PATTERN, NO_BREAKING_CHANGE, PII_COLUMNS_TAGGED, NOT_PII);

  public ContractRules {
    requiredColumns = Set.copyOf(requireNonNull(requiredColumns, "requiredColumns is null"));
    requireNonNull(columnNamePattern, "columnNamePattern is null");
    notPii = Set.copyOf(requireNonNull(notPii, "notPii is null"));
    columnNamePattern.ifPresent(ContractRules::compile);
  }

  public static ContractRules none() {
    return new ContractRules(Set.of(), false, Optional.empty(), false, false, Set.of());
  }

  /** Whether no rule is set (a contract must set at least one). */
  public boolean isEmpty() {
    return requiredColumns.isEmpty() && !typesOnlyWiden && columnNamePattern.isEmpty() && !noBreakingChange && !piiColumnsTagged;
  }

  Optional<Pattern> namePattern() {
    return columnNamePattern.map(ContractRules::compile);
  }

  private static Pattern compile(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new ContractValidationException(
          "Invalid rule '" + COLUMN_NAME_PATTERN + "': not a regular expression: " + e.getDescription() + " near index " + e.getIndex() + " of '" + regex + "'");
    }
  }

  /**
   * Reads rules from their JSON object ({@code {"required-columns": ["id"], "types-only-widen":
   * true, ...}}); an unknown rule, a value of the wrong kind, an invalid pattern or no rule at all
   * is a {@link ContractValidationException} naming it.
   */
  public static ContractRules parse(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new ContractValidationException("Invalid 'rules': expected a JSON object with at least one of " + NAMES);
    }
    Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
    while (fields.hasNext()) {
      String name = fields.next().getKey();
      if (!NAMES.contains(name)) {
        throw new ContractValidationException("Unknown rule '" + name + "': known rules are " + NAMES);
      }
    }
    ContractRules rules =
        new ContractRules(
            names(json, REQUIRED_COLUMNS),
            flag(json, TYPES_ONLY_WIDEN),
            text(json, COLUMN_NAME_PATTERN),
            flag(json, NO_BREAKING_CHANGE),
            flag(json, PII_COLUMNS_TAGGED),
            names(json, NOT_PII));
    if (rules.isEmpty()) {
      throw new ContractValidationException("A schema contract needs at least one rule of " + NAMES.subList(0, 5));
    }
    return rules;
  }

  /** The JSON object of the rules, with every rule present. */
  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    requiredColumns.stream().sorted().forEach(json.putArray(REQUIRED_COLUMNS)::add);
    json.put(TYPES_ONLY_WIDEN, typesOnlyWiden);
    columnNamePattern.ifPresentOrElse(pattern -> json.put(COLUMN_NAME_PATTERN, pattern), () -> json.putNull(COLUMN_NAME_PATTERN));
    json.put(NO_BREAKING_CHANGE, noBreakingChange);
    json.put(PII_COLUMNS_TAGGED, piiColumnsTagged);
    notPii.stream().sorted().forEach(json.putArray(NOT_PII)::add);
    return json;
  }

  private static Set<String> names(JsonNode json, String rule) {
    JsonNode value = json.get(rule);
    if (value == null || value.isNull()) {
      return Set.of();
    }
    if (!value.isArray()) {
      throw new ContractValidationException("Invalid rule '" + rule + "': expected an array of column names, got " + value);
    }
    Set<String> names = new LinkedHashSet<>();
    List<String> blank = new ArrayList<>();
    for (JsonNode element : value) {
      if (!element.isTextual() || element.asText().isBlank()) {
        blank.add(element.toString());
        continue;
      }
      names.add(element.asText());
    }
    if (!blank.isEmpty()) {
      throw new ContractValidationException("Invalid rule '" + rule + "': column names must be non-blank strings, got " + blank);
    }
    return names;
  }

  private static boolean flag(JsonNode json, String rule) {
    JsonNode value = json.get(rule);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new ContractValidationException("Invalid rule '" + rule + "': expected true or false, got " + value);
    }
    return value.booleanValue();
  }

  private static Optional<String> text(JsonNode json, String rule) {
    JsonNode value = json.get(rule);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw new ContractValidationException("Invalid rule '" + rule + "': expected a regular expression string, got " + value);
    }
    return Optional.of(value.asText());
  }
}
