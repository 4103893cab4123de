package dev.floe.policy.opa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.policy.CatalogRole;
import dev.floe.policy.Decision;
import dev.floe.policy.Grant;
import dev.floe.policy.GrantData;
import dev.floe.policy.Operation;
import dev.floe.policy.Outcome;
import dev.floe.policy.PrincipalContext;
import dev.floe.policy.Privilege;
import dev.floe.policy.Securable;
import dev.floe.policy.SecurableType;
import dev.floe.policy.Target;
import dev.floe.policy.governance.IcebergType;
import dev.floe.policy.governance.Mask;
import dev.floe.policy.governance.PolicyValidationException;
import dev.floe.policy.governance.RestrictionSource;
import dev.floe.policy.governance.SchemaColumn;
import dev.floe.policy.governance.api.CallerIdentity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The JSON Floe exchanges with OPA: the input of one question, the grant data document, the input
 * of a governance evaluation's restrictions, and the strict reading of OPA's answers. Every name a
 * caller supplied travels as a JSON string value, never as Rego text.
 */
final class OpaDocuments {
  static final ObjectMapper JSON = new ObjectMapper();

  private OpaDocuments() {}

  /** {@code {"input": {principal, principal_roles, operation, targets}}}. */
  static ObjectNode input(PrincipalContext principal, Operation operation, List<Target> targets) {
    ObjectNode input = JSON.createObjectNode();
    ObjectNode identity = input.putObject("principal");
    identity.put("name", principal.principal().name());
    identity.put("disabled", principal.principal().disabled());
    ArrayNode roles = input.putArray("principal_roles");
    new TreeSet<>(principal.principalRoles()).forEach(roles::add);
    input.put("operation", operation.name());
    ArrayNode targetArray = input.putArray("targets");
    for (Target target : targets) {
      ObjectNode node = securable(targetArray.addObject(), target.securable());
      ArrayNode keys = node.putArray("keys");
      target.securable().selfAndAncestors().reversed().forEach(securable -> keys.add(key(securable)));
      ArrayNode tags = node.putArray("tags");
      new TreeSet<>(target.tags()).forEach(tags::add);
      ArrayNode changes = node.putArray("changes");
      target.changes().stream().sorted().forEach(change -> changes.add(change.name()));
    }
    ObjectNode document = JSON.createObjectNode();
    document.set("input", input);
    return document;
  }

  /** The grant data document, published at the grants path. */
  static ObjectNode grantData(GrantData data) {
    ObjectNode document = JSON.createObjectNode();
    document.put("version", data.version());
    ArrayNode administrators = document.putArray("service_administrator_roles");
    new TreeSet<>(data.serviceAdministratorRoles()).forEach(administrators::add);
    ObjectNode principalRoles = document.putObject("principal_roles");
    new TreeMap<>(data.catalogRoleAssignments())
        .forEach(
            (principalRole, catalogRoles) -> {
              ArrayNode assigned = principalRoles.putArray(principalRole);
              catalogRoles.stream()
                  .sorted(
                      Comparator.comparing(CatalogRole::catalog)
                          .thenComparing(CatalogRole::name))
                  .forEach(
                      role -> assigned.addObject().put("catalog", role.catalog()).put("role", role.name()));
            });
    Map<String, Map<String, List<Grant>>> byCatalog = new TreeMap<>();
    data.grants()
        .forEach(
            (role, grants) ->
                byCatalog
                    .computeIfAbsent(role.catalog(), catalog -> new TreeMap<>())
                    .put(role.name(), grants));
    ObjectNode catalogRoles = document.putObject("catalog_roles");
    ObjectNode index = document.putObject("index");
    byCatalog.forEach(
        (catalog, roles) -> {
          ObjectNode catalogNode = catalogRoles.putObject(catalog);
          ObjectNode catalogIndex = index.putObject(catalog);
          roles.forEach(
              (role, grants) -> {
                ArrayNode grantArray = catalogNode.putArray(role);
                Map<String, ArrayNode> on = new TreeMap<>();
                Map<String, ArrayNode> within = new TreeMap<>();
                Map<String, Set<SecurableType>> reveals = new TreeMap<>();
                grants.stream()
                    .sorted(Grant.ORDER)
                    .forEach(
                        grant -> {
                          grantArray.add(grant(grant));
                          on.computeIfAbsent(key(grant.securable()), key -> JSON.createArrayNode())
                              .add(grant(grant));
                          reveals
                              .computeIfAbsent(
                                  key(grant.securable()), key -> EnumSet.noneOf(SecurableType.class))
                              .addAll(grant.privilege().revealedTypes());
                          for (Securable container : grant.securable().selfAndAncestors()) {
                            within.computeIfAbsent(key(container), key -> JSON.createArrayNode())
                                .add(grant(grant));
                          }
                        });
                ObjectNode roleIndex = catalogIndex.putObject(role);
                ObjectNode onNode = roleIndex.putObject("on");
                on.forEach(onNode::set);
                ObjectNode withinNode = roleIndex.putObject("within");
                within.forEach(withinNode::set);
                ObjectNode revealsNode = roleIndex.putObject("reveals");
                reveals.forEach(
                    (key, types) -> {
                      ArrayNode typeArray = revealsNode.putArray(key);
                      types.forEach(type -> typeArray.add(type.name()));
                    });
              });
        });
    return document;
  }

  /**
   * The lookup key of a securable in the published index: the JSON array of its type and path.
   * Floe computes every key, in the data and in the input, so the policy only compares them.
   */
  static String key(Securable securable) {
    ArrayNode key = JSON.createArrayNode();
    key.add(securable.type().name());
    securable.path().forEach(key::add);
    return key.toString();
  }

  private static ObjectNode grant(Grant grant) {
    ObjectNode node = JSON.createObjectNode();
    node.put("privilege", grant.privilege().name());
    securable(node.putObject("securable"), grant.securable());
    return node;
  }

  private static ObjectNode securable(ObjectNode node, Securable securable) {
    node.put("type", securable.type().name());
    ArrayNode path = node.putArray("path");
    securable.path().forEach(path::add);
    return node;
  }

  /**
   * Reads the {@code decision} rule's value: {@code {"allow": bool, "outcome": "ALLOW"|"DENY"|
   * "NOT_FOUND", "reason": string, "grants": [...]}}; anything else is an {@link OpaException}.
   */
  static Decision decision(JsonNode result) {
    if (!result.isObject()) {
      throw malformed("decision is not an object", result);
    }
    JsonNode allow = result.get("allow");
    JsonNode outcome = result.get("outcome");
    JsonNode reason = result.get("reason");
    JsonNode grants = result.get("grants");
    if (allow == null || !allow.isBoolean()) {
      throw malformed("decision has no boolean 'allow'", result);
    }
    if (outcome == null || !outcome.isTextual() || reason == null || !reason.isTextual()) {
      throw malformed("decision has no textual 'outcome' and 'reason'", result);
    }
    if (grants == null || !grants.isArray()) {
      throw malformed("decision has no 'grants' array", result);
    }
    Outcome parsedOutcome = enumValue(Outcome.class, outcome.textValue(), result);
    if (allow.booleanValue() != (parsedOutcome == Outcome.ALLOW)) {
      throw malformed("'allow' contradicts 'outcome'", result);
    }
    List<Grant> parsedGrants = new ArrayList<>();
    for (JsonNode grant : grants) {
      parsedGrants.add(grant(grant));
    }
    if (parsedOutcome != Outcome.ALLOW && !parsedGrants.isEmpty()) {
      throw malformed("a decision that does not allow lists grants", result);
    }
    return new Decision(parsedOutcome, "OPA: " + reason.textValue(), parsedGrants);
  }

  /** Reads the {@code visible_indexes} rule's value: distinct indexes into the candidates. */
  static Set<Integer> visibleIndexes(JsonNode result, int candidateCount) {
    if (!result.isArray()) {
      throw malformed("visible_indexes is not an array", result);
    }
    Set<Integer> indexes = new TreeSet<>();
    for (JsonNode index : result) {
      if (!index.isIntegralNumber() || !index.canConvertToInt()) {
        throw malformed("visible_indexes holds a non-integer", result);
      }
      int value = index.intValue();
      if (value < 0 || value >= candidateCount) {
        throw malformed("visible_indexes holds " + value + " for " + candidateCount + " candidates", result);
      }
      indexes.add(value);
    }
    return indexes;
  }

  /**
   * The input of the {@code restrictions} rule: who asks and every table of one evaluation.
   *
   * <pre>{@code
   * {"input": {
   *   "principal": {"name": "ana"}, "principal_roles": ["analysts"], "groups": ["eu"],
   *   "catalog": "lake",
   *   "tables": [{"namespace": ["sales"], "name": "orders", "path": ["lake", "sales", "orders"],
   *               "tags": ["confidential"],
   *               "schema": [{"name": "id", "field_id": 1, "type": "long"}, ...],
   *               "columns": [{"name": "phone", "field_id": 3, "type": "string",
   *                            "trino_type": "varchar", "tags": ["confidential", "pii.phone"]}]}]}}
   * }</pre>
   *
   * {@code tags} of a table are its own and its containers'; of a column, its own and its table's.
   * {@code schema} is every top-level column of the current schema; {@code columns} the asked
   * columns visible after Floe's own evaluation (each once). {@code trino_type} is {@code null} for
   * a nested or format-v3 type. Role, group and tag lists are sorted.
   */
  static ObjectNode restrictionsInput(
      CallerIdentity caller, String catalog, List<RestrictionSource.Table> tables) {
    ObjectNode input = JSON.createObjectNode();
    input.putObject("principal").put("name", caller.user());
    ArrayNode roles = input.putArray("principal_roles");
    new TreeSet<>(caller.principalRoles()).forEach(roles::add);
    ArrayNode groups = input.putArray("groups");
    new TreeSet<>(caller.groups()).forEach(groups::add);
    input.put("catalog", catalog);
    ArrayNode tableArray = input.putArray("tables");
    for (RestrictionSource.Table table : tables) {
      ObjectNode node = tableArray.addObject();
      List<String> path = table.table().path();
      ArrayNode namespace = node.putArray("namespace");
      path.subList(1, path.size() - 1).forEach(namespace::add);
      node.put("name", path.get(path.size() - 1));
      ArrayNode pathArray = node.putArray("path");
      path.forEach(pathArray::add);
      ArrayNode tags = node.putArray("tags");
      new TreeSet<>(table.tags()).forEach(tags::add);
      ArrayNode schema = node.putArray("schema");
      for (SchemaColumn column : table.schema().columns()) {
        schema.addObject().put("name", column.name()).put("field_id", column.fieldId()).put("type", column.type());
      }
      ArrayNode columns = node.putArray("columns");
      for (RestrictionSource.Column column : table.columns()) {
        ObjectNode columnNode = columns.addObject();
        columnNode.put("name", column.column().name());
        columnNode.put("field_id", column.column().fieldId());
        columnNode.put("type", column.column().type());
        columnNode.put("trino_type", column.column().primitiveType().map(IcebergType::trinoType).orElse(null));
        ArrayNode columnTags = columnNode.putArray("tags");
        new TreeSet<>(column.tags()).forEach(columnTags::add);
      }
    }
    ObjectNode document = JSON.createObjectNode();
    document.set("input", input);
    return document;
  }

  /**
   * Reads the {@code restrictions} rule's value against the tables it was asked about:
   *
   * <pre>{@code
   * {"row_filters": [{"table": 0, "expression": "region = 'EU'"}],
   *  "column_masks": [{"table": 0, "column": 0, "mask": {"function": "SHOW_LAST", "characters": 4}},
   *                   {"table": 0, "column": 1, "expression": "substr(name, 1, 1)"}]}
   * }</pre>
   *
   * {@code table} indexes {@code input.tables}, {@code column} that table's {@code columns}. A mask
   * is either a library {@code mask} ({@code function} NULLIFY, REDACT with an optional {@code
   * value}, HASH, SHOW_LAST with {@code characters}, EMAIL_DOMAIN, YEAR_ONLY, ROUND with {@code
   * digits}, BUCKET with {@code width}) or an SQL {@code expression}, not both. Anything else (a
   * missing array, an index out of range, an unknown function or parameter, two masks for one
   * column) is an {@link OpaException}. The expressions are checked by the evaluator, per table.
   */
  static List<RestrictionSource.Restrictions> restrictions(
      JsonNode result, List<RestrictionSource.Table> tables) {
    if (!result.isObject()) {
      throw malformed("restrictions is not an object", result);
    }
    JsonNode filters = result.get("row_filters");
    JsonNode masks = result.get("column_masks");
    if (filters == null || !filters.isArray() || masks == null || !masks.isArray()) {
      throw malformed("restrictions has no 'row_filters' and 'column_masks' arrays", result);
    }
    List<List<String>> filtersByTable = new ArrayList<>();
    List<Map<Integer, RestrictionSource.ExtraMask>> masksByTable = new ArrayList<>();
    for (int index = 0; index < tables.size(); index++) {
      filtersByTable.add(new ArrayList<>());
      masksByTable.add(new LinkedHashMap<>());
    }
    for (JsonNode filter : filters) {
      int table = index(filter, "table", tables.size());
      filtersByTable.get(table).add(text(filter, "expression"));
    }
    for (JsonNode mask : masks) {
      int table = index(mask, "table", tables.size());
      List<RestrictionSource.Column> columns = tables.get(table).columns();
      int column = index(mask, "column", columns.size());
      JsonNode library = mask.get("mask");
      JsonNode expression = mask.get("expression");
      if ((library == null) == (expression == null)) {
        throw malformed("a column mask has either a 'mask' or an 'expression'", mask);
      }
      RestrictionSource.ExtraMask extra =
          library != null
              ? new RestrictionSource.ExtraMask.Library(libraryMask(library))
              : new RestrictionSource.ExtraMask.Sql(text(mask, "expression"));
      int fieldId = columns.get(column).column().fieldId();
      if (masksByTable.get(table).put(fieldId, extra) != null) {
        throw malformed("two masks for column " + columns.get(column).column().name(), mask);
      }
    }
    List<RestrictionSource.Restrictions> answer = new ArrayList<>(tables.size());
    for (int index = 0; index < tables.size(); index++) {
      answer.add(new RestrictionSource.Restrictions(filtersByTable.get(index), masksByTable.get(index)));
    }
    return answer;
  }

  private static Mask libraryMask(JsonNode node) {
    if (!node.isObject()) {
      throw malformed("a library mask is not an object", node);
    }
    String function = text(node, "function");
    Set<String> parameters = new TreeSet<>();
    node.fieldNames().forEachRemaining(parameters::add);
    parameters.remove("function");
    Set<String> allowed =
        switch (function) {
          case "REDACT" -> Set.of("value");
          case "SHOW_LAST" -> Set.of("characters");
          case "ROUND" -> Set.of("digits");
          case "BUCKET" -> Set.of("width");
          default -> Set.of();
        };
    if (!allowed.containsAll(parameters)) {
      throw malformed("unknown parameters %s for mask %s".formatted(parameters, function), node);
    }
    try {
      return switch (function) {
        case "NULLIFY" -> new Mask.Nullify();
        case "REDACT" ->
            new Mask.Redact(node.has("value") ? Optional.of(text(node, "value")) : Optional.empty());
        case "HASH" -> new Mask.Hash();
        case "SHOW_LAST" -> new Mask.ShowLast(integer(node, "characters"));
        case "EMAIL_DOMAIN" -> new Mask.EmailDomain();
        case "YEAR_ONLY" -> new Mask.YearOnly();
        case "ROUND" -> new Mask.Round(integer(node, "digits"));
        case "BUCKET" -> new Mask.Bucket(decimal(node, "width"));
        default ->
            throw malformed(
                "unknown mask function '%s' (a custom mask is an 'expression')".formatted(function), node);
      };
    } catch (PolicyValidationException exception) {
      throw malformed(exception.getMessage(), node);
    }
  }

  private static int index(JsonNode node, String name, int size) {
    JsonNode value = node.get(name);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
      throw malformed("no integer '" + name + "'", node);
    }
    int index = value.intValue();
    if (index < 0 || index >= size) {
      throw malformed("'%s' %d is out of range for %d entries".formatted(name, index, size), node);
    }
    return index;
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || !value.isTextual()) {
      throw malformed("no textual '" + name + "'", node);
    }
    return value.textValue();
  }

  private static int integer(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
      throw malformed("no integer '" + name + "'", node);
    }
    return value.intValue();
  }

  private static BigDecimal decimal(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || !value.isNumber()) {
      throw malformed("no number '" + name + "'", node);
    }
    return value.decimalValue();
  }

  private static Grant grant(JsonNode node) {
    JsonNode role = node.get("catalog_role");
    JsonNode privilege = node.get("privilege");
    JsonNode securable = node.get("securable");
    if (role == null || !role.isTextual() || privilege == null || !privilege.isTextual()) {
      throw malformed("grant has no textual 'catalog_role' and 'privilege'", node);
    }
    if (securable == null || !securable.isObject()) {
      throw malformed("grant has no 'securable' object", node);
    }
    JsonNode type = securable.get("type");
    JsonNode path = securable.get("path");
    if (type == null || !type.isTextual() || path == null || !path.isArray()) {
      throw malformed("securable has no textual 'type' and 'path' array", node);
    }
    List<String> levels = new ArrayList<>();
    for (JsonNode level : path) {
      if (!level.isTextual()) {
        throw malformed("securable path holds a non-string", node);
      }
      levels.add(level.textValue());
    }
    try {
      return new Grant(
          role.textValue(),
          enumValue(Privilege.class, privilege.textValue(), node),
          new Securable(enumValue(SecurableType.class, type.textValue(), node), levels));
    } catch (IllegalArgumentException exception) {
      throw new OpaException("OPA answered an invalid grant " + node + ": " + exception.getMessage());
    }
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String name, JsonNode context) {
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException exception) {
      throw malformed("unknown " + type.getSimpleName() + " '" + name + "'", context);
    }
  }

  private static OpaException malformed(String problem, JsonNode node) {
    String text = node.toString();
    return new OpaException(
        "OPA answered malformed JSON (" + problem + "): " + (text.length() > 300 ? text.substring(0, 300) + "…" : text));
  }
}
