package dev.floe.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint that changes something is classified here: either it can place files (a
 * location, a path property, a metadata file, a namespace or catalog root), and then
 * ITStorageIsolation / ITS3StorageIsolation point it at another owner's storage and see it
 * refused, or it places none. A new endpoint fails this test until someone decides which, so the
 * next endpoint cannot forget the ownership check.
 */
class TestLocationEndpoints {
  private static final String PLACES_FILES = "places files: walked by ITStorageIsolation";
  private static final String NO_FILES = "places no files";

  private static final Map<String, String> CLASSIFIED = new TreeMap<>(Map.ofEntries(
      Map.entry("POST /api/catalog/v1/{prefix}/namespaces", PLACES_FILES),
      Map.entry("POST /api/catalog/v1/{prefix}/namespaces/{namespace}/properties", PLACES_FILES),
      Map.entry("POST /api/catalog/v1/{prefix}/namespaces/{namespace}/tables", PLACES_FILES),
      Map.entry("POST /api/catalog/v1/{prefix}/namespaces/{namespace}/tables/{table}", PLACES_FILES),
      Map.entry("POST /api/catalog/v1/{prefix}/namespaces/{namespace}/register", PLACES_FILES),
      Map.entry("POST /api/catalog/v1/{prefix}/transactions/commit", PLACES_FILES),
      Map.entry("POST /api/catalog/v1/{prefix}/namespaces/{namespace}/views", PLACES_FILES),
      Map.entry("POST /api/catalog/v1/{prefix}/namespaces/{namespace}/views/{view}", PLACES_FILES),
      Map.entry("POST /api/catalog/v1/{prefix}/namespaces/{namespace}/register-view", PLACES_FILES),
      Map.entry("POST /api/management/v1/catalogs", PLACES_FILES),
      Map.entry("PATCH /api/management/v1/catalogs/{catalog}", "places no files: storage settings are refused in an update"),
      Map.entry("POST /api/catalog/v1/{prefix}/namespaces/{namespace}/tables/{table}/sign", "places no files: signs inside the table's owned prefixes only"),
      Map.entry("POST /api/catalog/v1/{prefix}/namespaces/{namespace}/tables/{table}/metrics", NO_FILES),
      Map.entry("POST /api/catalog/v1/{prefix}/tables/rename", "places no files: a renamed table keeps its prefixes"),
      Map.entry("POST /api/catalog/v1/{prefix}/views/rename", "places no files: a renamed view keeps its prefixes"),
      Map.entry("DELETE /api/catalog/v1/{prefix}/namespaces/{namespace}", NO_FILES),
      Map.entry("DELETE /api/catalog/v1/{prefix}/namespaces/{namespace}/tables/{table}", "deletes only inside its own prefixes (purge)"),
      Map.entry("DELETE /api/catalog/v1/{prefix}/namespaces/{namespace}/views/{view}", NO_FILES),
      Map.entry("POST /api/catalog/v1/oauth/tokens", NO_FILES),
      Map.entry("POST /api/governance/v1/evaluate", "places no files: answers from governance data"),
      Map.entry("POST /api/governance/v1/access-reports", "places no files: writes audit events"),
      Map.entry("POST /api/lineage/v1/lineage", "places no files: writes lineage rows (and forwards the event when configured)"),
      Map.entry("POST /api/v1/lineage", "places no files: writes lineage rows (and forwards the event when configured)")));

  @Test
  void everyChangingEndpointIsClassified() throws Exception {
    Map<String, String> found = new TreeMap<>();
    // the server's classes (not the tests'), wherever the build put them
    URI classes = IcebergRestResource.class.getProtectionDomain().getCodeSource().getLocation().toURI().resolve("dev/floe/catalog");
    try (Stream<java.nio.file.Path> files = Files.walk(Paths.get(classes))) {
      for (java.nio.file.Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
        String name = "dev/floe/catalog/" + Paths.get(classes).relativize(file).toString().replace(".class", "");
        Class<?> type = Class.forName(name.replace('/', '.'), false, getClass().getClassLoader());
        Path base = type.getAnnotation(Path.class);
        if (base == null) {
          continue;
        }
        for (Method method : type.getDeclaredMethods()) {
          String verb =
              method.isAnnotationPresent(POST.class) ? "POST"
                  : method.isAnnotationPresent(PUT.class) ? "PUT"
                  : method.isAnnotationPresent(PATCH.class) ? "PATCH"
                  : method.isAnnotationPresent(DELETE.class) ? "DELETE"
                  : null;
          if (verb == null) {
            continue;
          }
          Path path = method.getAnnotation(Path.class);
          String endpoint = verb + " " + base.value() + (path == null ? "" : "/" + path.value());
          found.put(endpoint, CLASSIFIED.getOrDefault(endpoint, "unclassified"));
        }
      }
    }
    // management endpoints below /api/management/v1 other than catalogs change access data only
    found.replaceAll(
        (endpoint, classification) ->
            classification.equals("unclassified")
                    && endpoint.contains("/api/management/v1/")
                    && !endpoint.matches("(POST|PATCH) /api/management/v1/catalogs(/\\{catalog\\})?")
                ? "changes access data, places no files"
                : classification);
    assertThat(found).doesNotContainValue("unclassified");
    assertThat(found.keySet()).containsAll(CLASSIFIED.keySet());
  }
}
