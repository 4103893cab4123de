package dev.floe.catalog.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.floe.catalog.auth.Unauthenticated;
import dev.floe.catalog.json.FloeJson;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /}: where things are (the API roots, the OpenAPI document, health, the docs), as JSON,
 * or as a small HTML page for a browser. Open like the health checks: it names only public paths.
 */
@Path("/")
@Unauthenticated
public class RootResource {
  /** What is where, in the order shown. */
  static final Map<String, String> LINKS = links();

  private final String version;

  @Inject
  public RootResource(@ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
    this.version = version;
  }

  @GET
  public Response root(@HeaderParam(HttpHeaders.ACCEPT) String accept) {
    if (accept != null && accept.contains(MediaType.TEXT_HTML)) {
      return Response.ok(html(), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("name", "Floe");
    answer.put("description", "Apache Iceberg REST catalog with governance built in");
    answer.put("version", version);
    answer.putAll(LINKS);
    try {
      return Response.ok(FloeJson.mapper().writeValueAsString(answer), MediaType.APPLICATION_JSON_TYPE).build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> links() {
    Map<String, String> links = new LinkedHashMap<>();
    links.put("iceberg-rest-catalog", "/api/catalog");
    links.put("token-endpoint", "/api/catalog/v1/oauth/tokens");
    links.put("management-api", "/api/management/v1");
    links.put("governance-api", "/api/governance/v1");
    links.put("lineage-api", "/api/lineage/v1 (OpenLineage events: POST /api/lineage/v1/lineage)");
    links.put("openapi", "/q/openapi");
    links.put("iceberg-openapi", "/api/catalog/openapi.yaml");
    links.put("swagger-ui", "/q/swagger-ui");
    links.put("health", "/q/health");
    links.put("metrics", "/q/metrics");
    links.put("documentation", "README.md in Floe's source (Signing in, Management API, Command line)");
    return links;
  }

  private String html() {
    StringBuilder page = new StringBuilder();
    page.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Floe</title></head><body>\n")
        .append("<h1>Floe ").append(escape(version)).append("</h1>\n")
        .append("<p>Apache Iceberg REST catalog with governance built in. Every API call needs a bearer token from ")
        .append("<code>POST /api/catalog/v1/oauth/tokens</code>.</p>\n<ul>\n");
    LINKS.forEach(
        (name, target) -> {
          page.append("<li>").append(escape(name)).append(": ");
          if (target.startsWith("/") && !target.contains(" ")) {
            page.append("<a href=\"").append(escape(target)).append("\">").append(escape(target)).append("</a>");
          } else {
            page.append(escape(target));
          }
          page.append("</li>\n");
        });
    return page.append("</ul>\n</body></html>\n").toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
