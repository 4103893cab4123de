package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Locations are checked before anything is stored: inside the catalog's allowed roots (its
 * storage root, plus the locations configured for the compatibility kit), never overlapping
 * another table, no traversal tricks.
 */
class ITLocationSafety {
  private static final String SCHEMA =
      "\"schema\":{\"type\":\"struct\",\"fields\":[{\"id\":1,\"name\":\"id\",\"type\":\"long\",\"required\":true}]}";

  @Test
  void locationsAreConfinedAndExclusive() throws Exception {
    String tables = "/v1/lakehouse/namespaces/it_locations/tables";
    try (RESTCatalog catalog = IcebergClients.catalog(FloeTestServer.catalogUri())) {
      catalog.createNamespace(Namespace.of("it_locations"));
      catalog.createTable(TableIdentifier.of("it_locations", "first"), IcebergClients.SCHEMA);
      String firstLocation = catalog.loadTable(TableIdentifier.of("it_locations", "first")).location();
      catalog.createTable(TableIdentifier.of("it_locations", "second"), IcebergClients.SCHEMA);
      String secondLocation = catalog.loadTable(TableIdentifier.of("it_locations", "second")).location();

      SoftAssertions soft = new SoftAssertions();
      expect(soft, create(tables, "outside", "file:///etc/floe", false), 403, "allowed locations");
      expect(soft, create(tables, "outside_staged", "file:///etc/floe", true), 403, "allowed locations");
      expect(soft, create(tables, "traversal", "file:///tmp/../etc", false), 400, "'..'");
      expect(soft, create(tables, "encoded", "file:///tmp/%2e%2e/etc", false), 400, "'..'");
      expect(soft, create(tables, "same", firstLocation, false), 403, "overlaps");
      expect(soft, create(tables, "inside", firstLocation + "/nested", false), 403, "overlaps");
      expect(
          soft,
          create(tables, "around", firstLocation.substring(0, firstLocation.lastIndexOf('/')), false),
          403,
          "overlaps");
      // a property that moves data files elsewhere is checked like the location
      expect(
          soft,
          RestCalls.post(
              tables + "/first",
              "{\"requirements\":[],\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"write.data.path\":\"file:///etc/floe\"}}]}",
              Map.of()),
          403,
          "write.data.path");
      // or into another table's files, which purges and signed requests would then reach
      expect(
          soft,
          RestCalls.post(
              tables + "/first",
              "{\"requirements\":[],\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"write.data.path\":\"" + secondLocation + "/data\"}}]}",
              Map.of()),
          403,
          "overlaps storage that belongs to another table, view or namespace");
      expect(
          soft,
          RestCalls.post(
              tables + "/first",
              "{\"requirements\":[],\"updates\":[{\"action\":\"set-location\",\"location\":\"file:///var/other\"}]}",
              Map.of()),
          403,
          "allowed locations");
      soft.assertAll();

      assertThat(catalog.listTables(Namespace.of("it_locations")))
          .as("nothing was stored for refused requests")
          .containsExactlyInAnyOrder(
              TableIdentifier.of("it_locations", "first"), TableIdentifier.of("it_locations", "second"));
      assertThat(catalog.loadTable(TableIdentifier.of("it_locations", "first")).properties())
          .doesNotContainKey("write.data.path");

      // a custom location inside an allowed root is fine
      HttpResponse<String> fine =
          create(tables, "custom", "file://" + java.nio.file.Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath() + "/custom-" + System.nanoTime(), false);
      assertThat(fine.statusCode()).as(fine.body()).isEqualTo(200);
    }
  }

  private static HttpResponse<String> create(String tables, String name, String location, boolean staged) {
    return RestCalls.post(
        tables,
        "{\"name\":\"" + name + "\",\"location\":\"" + location + "\",\"stage-create\":" + staged + "," + SCHEMA + "}",
        Map.of());
  }

  private static void expect(SoftAssertions soft, HttpResponse<String> response, int status, String messagePart) {
    soft.assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    if (response.statusCode() >= 400) {
      soft.assertThat(RestCalls.error(response).message()).as(response.body()).contains(messagePart);
    }
  }
}
