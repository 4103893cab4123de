package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.relocated.com.google.common.collect.ImmutableMap;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.view.View;
import org.junit.jupiter.api.Test;

/**
 * The embedded default (no database URL: Floe starts its own PostgreSQL under the data directory
 * and keeps a local warehouse there) keeps namespaces, tables, views and data across a restart.
 */
class ITRestart {
  @Test
  void embeddedDefaultSurvivesRestart() throws Exception {
    Path dataDir = FloeTestServer.workDir().resolve("restart-data");
    FloeTestServer.deleteRecursively(dataDir);
    int port = ServerProcess.freePort();
    Map<String, String> environment = Map.of("FLOE_DATA_DIR", dataDir.toString());
    Namespace namespace = Namespace.of("restart_ns", "nested");
    TableIdentifier tableId = TableIdentifier.of(namespace, "events");
    TableIdentifier viewId = TableIdentifier.of(namespace, "recent_events");
    List<Record> written = IcebergClients.records(1, 500);

    try (ServerProcess first = ServerProcess.start(port, logFile("first"), environment)) {
      System.out.printf(
          "ITRestart: first start (creates the embedded database) ready after %d ms%n",
          first.readyAfter().toMillis());
      try (RESTCatalog catalog = catalog(first, dataDir)) {
        catalog.createNamespace(Namespace.of("restart_ns"), ImmutableMap.of("owner", "it"));
        catalog.createNamespace(namespace);
        Table table = catalog.createTable(tableId, IcebergClients.SCHEMA);
        IcebergClients.appendRecords(table, written.subList(0, 250));
        IcebergClients.appendRecords(table, written.subList(250, 500));
        catalog
            .buildView(viewId)
            .withSchema(IcebergClients.SCHEMA)
            .withDefaultNamespace(namespace)
            .withQuery("trino", "SELECT * FROM events WHERE id > 400")
            .create();
      }
    }
    assertThat(Files.exists(dataDir.resolve("postgres"))).as("embedded PostgreSQL data").isTrue();
    // no FLOE_BOOTSTRAP_CREDENTIALS: the generated root credentials are in a file only the owner reads
    Path credentials = dataDir.resolve("root-credentials");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)))
        .isEqualTo("rw-------");
    String firstCredentials = Files.readString(credentials);
    assertThat(Files.exists(dataDir.resolve("warehouse"))).as("local warehouse").isTrue();

    try (ServerProcess second = ServerProcess.start(port, logFile("second"), environment)) {
      assertThat(Files.readString(credentials)).as("root credentials are written once").isEqualTo(firstCredentials);
      Thread.sleep(3000);
      System.out.printf(
          "ITRestart: restart on existing data ready after %d ms; resident memory after 3 s idle: %d MB%n",
          second.readyAfter().toMillis(), residentMegabytes(second.pid()));
      try (RESTCatalog catalog = catalog(second, dataDir)) {
        assertThat(catalog.listNamespaces()).contains(Namespace.of("restart_ns"));
        assertThat(catalog.listNamespaces(Namespace.of("restart_ns"))).containsExactly(namespace);
        assertThat(catalog.loadNamespaceMetadata(Namespace.of("restart_ns")))
            .containsEntry("owner", "it");
        assertThat(catalog.listTables(namespace)).containsExactly(tableId);
        Table table = catalog.loadTable(tableId);
        assertThat(table.snapshots()).hasSize(2);
        List<Record> read = IcebergClients.readAll(table);
        assertThat(read).hasSize(500);
        assertThat(read.stream().map(r -> (Long) r.getField("id")).sorted().toList())
            .isEqualTo(written.stream().map(r -> (Long) r.getField("id")).toList());
        View view = catalog.loadView(viewId);
        assertThat(view.sqlFor("trino").sql()).isEqualTo("SELECT * FROM events WHERE id > 400");

        // still writable after the restart
        IcebergClients.appendRecords(table, IcebergClients.records(501, 10));
        assertThat(IcebergClients.readAll(catalog.loadTable(tableId))).hasSize(510);
      }
    }
  }

  /** A client signed in with the root credentials the server generated on its first start. */
  private static RESTCatalog catalog(ServerProcess server, Path dataDir) throws IOException {
    Map<String, String> values = new java.util.HashMap<>();
    for (String line : Files.readAllLines(dataDir.resolve("root-credentials"))) {
      int equals = line.indexOf('=');
      if (!line.startsWith("#") && equals > 0) {
        values.put(line.substring(0, equals), line.substring(equals + 1));
      }
    }
    String uri = server.baseUri() + "/api/catalog";
    return IcebergClients.catalog(
        uri,
        Map.of(
            "credential", values.get("client_id") + ":" + values.get("client_secret"),
            "oauth2-server-uri", uri + "/v1/oauth/tokens"));
  }

  private static Path logFile(String name) {
    return FloeTestServer.workDir().resolve("restart-" + name + ".log");
  }

  /** VmRSS of a process, from /proc. */
  static long residentMegabytes(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }
}
