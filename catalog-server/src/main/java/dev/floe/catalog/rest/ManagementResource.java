package dev.floe.catalog.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.iceberg.CatalogRegistry;
import dev.floe.catalog.iceberg.FloeCatalog;
import dev.floe.catalog.metastore.CatalogRecord;
import dev.floe.catalog.metastore.Metastore;
import dev.floe.catalog.metastore.NamespacePaths;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;

/**
 * The minimal management API of the catalog core: catalogs (warehouses) and the metrics reports
 * engines sent. The full management API (principals, roles, grants) comes with identity and
 * access.
 */
@Path("/api/management/v1")
public class ManagementResource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_REPORTS = 1000;

  private final CatalogRegistry registry;
  private final Metastore metastore;

  @Inject
  public ManagementResource(CatalogRegistry registry, Metastore metastore) {
    this.registry = registry;
    this.metastore = metastore;
  }

  @GET
  @Path("catalogs")
  public Response listCatalogs() {
    ArrayNode catalogs = JSON.createArrayNode();
    registry.list().forEach(catalog -> catalogs.add(toJson(catalog)));
    ObjectNode body = JSON.createObjectNode();
    body.set("catalogs", catalogs);
    return json(200, body);
  }

  @GET
  @Path("catalogs/{name}")
  public Response getCatalog(@PathParam("name") String name) {
    // the stored record only: showing a catalog needs no access to its storage
    return json(
        200,
        toJson(
            registry
                .find(name)
                .orElseThrow(() -> new NoSuchWarehouseException("Warehouse does not exist: %s", name))));
  }

  /** Body: {@code {"name": "...", "storage-root": "file:///...", "properties": {...}}}. */
  @POST
  @Path("catalogs")
  public Response createCatalog(byte[] body) {
    JsonNode request;
    try {
      request = JSON.readTree(body == null ? new byte[0] : body);
    } catch (IOException e) {
      throw new BadRequestException("Invalid catalog request: %s", IcebergJson.rootMessage(e));
    }
    if (request == null || !request.isObject()) {
      throw new BadRequestException("Invalid catalog request: expected a JSON object with name and storage-root");
    }
    Map<String, String> properties = new LinkedHashMap<>();
    JsonNode propertiesNode = request.path("properties");
    if (!propertiesNode.isMissingNode() && !propertiesNode.isNull()) {
      if (!propertiesNode.isObject()) {
        throw new BadRequestException("Invalid catalog request: properties must be an object of strings");
      }
      propertiesNode.fields().forEachRemaining(entry -> {
        if (!entry.getValue().isTextual()) {
          throw new BadRequestException("Invalid catalog property %s: must be a string", entry.getKey());
        }
        properties.put(entry.getKey(), entry.getValue().asText());
      });
    }
    CatalogRecord created =
        registry.create(
            textOrNull(request, "name"), textOrNull(request, "storage-root"), properties);
    return json(201, toJson(created));
  }

  /** Metrics reports (scan and commit) engines sent for a table, newest first. */
  @GET
  @Path("catalogs/{name}/namespaces/{namespace}/tables/{table}/metrics-reports")
  public Response metricsReports(
      @PathParam("name") String name,
      @PathParam("namespace") String namespace,
      @PathParam("table") String table,
      @QueryParam("limit") Integer limit) {
    FloeCatalog catalog = registry.catalog(name);
    int count = limit == null ? 100 : limit;
    if (count < 1 || count > MAX_REPORTS) {
      throw new BadRequestException("Invalid limit: %s (expected 1 to %d)", limit, MAX_REPORTS);
    }
    // namespace levels separated by U+001F (%1F in the URL), as in the Iceberg REST API
    TableIdentifier identifier = TableIdentifier.of(NamespacePaths.namespace(namespace), table);
    ArrayNode reports = JSON.createArrayNode();
    for (Map<String, Object> report : metastore.listMetricsReports(catalog.record().id(), identifier, count)) {
      ObjectNode node = JSON.createObjectNode();
      node.put("id", (Long) report.get("id"));
      node.put("report-type", (String) report.get("report-type"));
      node.put("received-at", (String) report.get("received-at"));
      try {
        node.set("report", JSON.readTree((String) report.get("report")));
      } catch (IOException e) {
        node.put("report", (String) report.get("report"));
      }
      reports.add(node);
    }
    ObjectNode body = JSON.createObjectNode();
    body.set("reports", reports);
    return json(200, body);
  }

  private static String textOrNull(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static ObjectNode toJson(CatalogRecord catalog) {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", catalog.name());
    node.put("storage-root", catalog.storageRoot());
    ObjectNode properties = node.putObject("properties");
    catalog.properties().forEach(properties::put);
    return node;
  }

  private static Response json(int status, JsonNode body) {
    try {
      return Response.status(status)
          .type(MediaType.APPLICATION_JSON_TYPE)
          .entity(JSON.writeValueAsBytes(body))
          .build();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
