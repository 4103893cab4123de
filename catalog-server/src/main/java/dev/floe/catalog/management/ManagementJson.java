package dev.floe.catalog.management;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.json.FloeJson;
import dev.floe.catalog.access.PrincipalRecord;
import dev.floe.catalog.access.PrincipalRoleRecord;
import dev.floe.catalog.metastore.CatalogRecord;
import dev.floe.catalog.http.ControlCharacters;
import dev.floe.catalog.http.IcebergJson;
import dev.floe.policy.CatalogRole;
import dev.floe.policy.Grant;
import dev.floe.policy.Privilege;
import dev.floe.policy.Securable;
import dev.floe.policy.SecurableType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.exceptions.BadRequestException;

/**
 * Parsing and encoding of the management API's JSON: field names in kebab-case, every malformed
 * input a {@code BadRequestException} (400) naming the field.
 */
public final class ManagementJson {
  static final ObjectMapper JSON = FloeJson.mapper();

  private ManagementJson() {}

  /** The request body as a JSON object; {@code what} names the request in messages. */
  public static JsonNode object(byte[] body, String what) {
    JsonNode request;
    try {
      request = JSON.readTree(body == null ? new byte[0] : body);
    } catch (IOException e) {
      throw new BadRequestException("Invalid %s: %s", what, IcebergJson.rootMessage(e));
    }
    if (request == null || request.isMissingNode() || !request.isObject()) {
      throw new BadRequestException("Invalid %s: expected a JSON object", what);
    }
    return request;
  }

  public static String requiredString(JsonNode node, String field, String what) {
    return optionalString(node, field, what)
        .orElseThrow(() -> new BadRequestException("Invalid %s: missing %s", what, field));
  }

  public static Optional<String> optionalString(JsonNode node, String field, String what) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new BadRequestException("Invalid %s: %s must be a string", what, field);
    }
    return Optional.of(value.asText());
  }

  public static Optional<Boolean> optionalBoolean(JsonNode node, String field, String what) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isBoolean()) {
      throw new BadRequestException("Invalid %s: %s must be true or false", what, field);
    }
    return Optional.of(value.asBoolean());
  }

  /** An object of strings; empty when absent. */
  public static Map<String, String> stringMap(JsonNode node, String field, String what) {
    JsonNode value = node.get(field);
    Map<String, String> result = new LinkedHashMap<>();
    if (value == null || value.isNull()) {
      return result;
    }
    if (!value.isObject()) {
      throw new BadRequestException("Invalid %s: %s must be an object of strings", what, field);
    }
    value.fields().forEachRemaining(entry -> {
      if (!entry.getValue().isTextual()) {
        throw new BadRequestException("Invalid %s: %s.%s must be a string", what, field, entry.getKey());
      }
      ControlCharacters.refuse(entry.getKey(), what + ": key of " + field);
      ControlCharacters.refuseInText(entry.getValue().asText(), what + ": " + field + "." + entry.getKey());
      result.put(entry.getKey(), entry.getValue().asText());
    });
    return result;
  }

  /** An array of strings; empty when absent. */
  public static List<String> stringList(JsonNode node, String field, String what) {
    JsonNode value = node.get(field);
    List<String> result = new ArrayList<>();
    if (value == null || value.isNull()) {
      return result;
    }
    if (!value.isArray()) {
      throw new BadRequestException("Invalid %s: %s must be an array of strings", what, field);
    }
    for (JsonNode element : value) {
      if (!element.isTextual()) {
        throw new BadRequestException("Invalid %s: %s must be an array of strings", what, field);
      }
      result.add(element.asText());
    }
    return result;
  }

  public static Privilege privilege(String name) {
    try {
      return Privilege.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(
          "Invalid privilege %s: expected one of %s", name, Arrays.toString(Privilege.values()));
    }
  }

  public static SecurableType securableType(String name) {
    try {
      return SecurableType.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(
          "Invalid securable type %s: expected one of %s", name, Arrays.toString(SecurableType.values()));
    }
  }

  /**
   * A securable: {@code {"type", "path"}} with the full path (catalog first), or {@code {"type",
   * "catalog", "namespace", "name"}} (the catalog defaults to {@code catalog} when given, as in
   * the grants of a catalog role). A path outside {@code catalog} is refused.
   */
  public static Securable securable(JsonNode node, Optional<String> catalog, String what) {
    if (node == null || !node.isObject()) {
      throw new BadRequestException("Invalid %s: the securable must be an object with type and path", what);
    }
    SecurableType type = securableType(requiredString(node, "type", what));
    boolean hasPath = node.hasNonNull("path");
    boolean hasParts = node.hasNonNull("namespace") || node.hasNonNull("name") || node.hasNonNull("catalog");
    if (hasPath && hasParts) {
      throw new BadRequestException("Invalid %s: give the securable as path or as catalog/namespace/name, not both", what);
    }
    List<String> path;
    if (hasPath) {
      path = stringList(node, "path", what);
    } else {
      path = new ArrayList<>();
      Optional<String> named = optionalString(node, "catalog", what);
      path.add(named.or(() -> catalog).orElseThrow(() -> new BadRequestException("Invalid %s: missing catalog", what)));
      path.addAll(stringList(node, "namespace", what));
      optionalString(node, "name", what).ifPresent(path::add);
    }
    Securable securable;
    try {
      securable = new Securable(type, path);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("Invalid %s: %s", what, e.getMessage());
    }
    if (catalog.isPresent() && !securable.catalogName().equals(catalog.get())) {
      throw new BadRequestException(
          "Invalid %s: %s is not in catalog %s", what, securable, catalog.get());
    }
    return securable;
  }

  // ---------------------------------------------------------------- encoding

  public static Response json(int status, JsonNode body) {
    try {
      return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(JSON.writeValueAsBytes(body)).build();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ObjectNode catalog(CatalogRecord catalog) {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", catalog.name());
    node.put("storage-root", catalog.storageRoot());
    ObjectNode properties = node.putObject("properties");
    new java.util.TreeMap<>(catalog.properties()).forEach(properties::put);
    return node;
  }

  public static ObjectNode principal(PrincipalRecord principal) {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", principal.name());
    node.put("id", principal.id().toString());
    principal.clientId().ifPresent(id -> node.put("client-id", id));
    node.put("disabled", principal.disabled());
    ArrayNode roles = node.putArray("principal-roles");
    principal.principalRoles().stream().sorted().forEach(roles::add);
    ObjectNode properties = node.putObject("properties");
    principal.properties().forEach(properties::put);
    node.put("created-at", principal.createdAt().toString());
    node.put("updated-at", principal.updatedAt().toString());
    node.put("credential-generation", principal.credentialGeneration());
    principal.credentialsRotatedAt().ifPresent(rotated -> node.put("credentials-rotated-at", rotated.toString()));
    return node;
  }

  public static ObjectNode principalRole(PrincipalRoleRecord role) {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", role.name());
    node.put("service-administrator", role.serviceAdministrator());
    node.put("created-at", role.createdAt().toString());
    return node;
  }

  public static ObjectNode catalogRole(CatalogRole role) {
    ObjectNode node = JSON.createObjectNode();
    node.put("catalog", role.catalog());
    node.put("name", role.name());
    return node;
  }

  public static ObjectNode securable(Securable securable) {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", securable.type().name());
    ArrayNode path = node.putArray("path");
    securable.path().forEach(path::add);
    return node;
  }

  public static ObjectNode grant(Grant grant) {
    ObjectNode node = JSON.createObjectNode();
    node.put("catalog", grant.securable().catalogName());
    node.put("catalog-role", grant.catalogRole());
    node.put("privilege", grant.privilege().name());
    node.set("securable", securable(grant.securable()));
    return node;
  }

  /**
   * A grant of a catalog role's listing: {@code pending} when it names an object that does not
   * exist yet (granted with allow-missing), granting nothing until such an object is created.
   */
  public static ObjectNode grant(Grant grant, boolean pending) {
    ObjectNode node = grant(grant);
    node.put("pending", pending);
    return node;
  }

  public static ArrayNode array(Iterable<? extends JsonNode> nodes) {
    ArrayNode array = JSON.createArrayNode();
    nodes.forEach(array::add);
    return array;
  }

  public static ObjectNode wrap(String field, JsonNode value) {
    ObjectNode node = JSON.createObjectNode();
    node.set(field, value);
    return node;
  }

  static Set<String> stringSet(List<String> values) {
    return new LinkedHashSet<>(values);
  }
}
