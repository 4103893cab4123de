package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.Test;

/**
 * The openlineage-python client (from PyPI, in a virtual environment cached under ~/.cache/floe)
 * posts a Dagster-style asset run (its output named by a table's storage location) and a dbt-style
 * model run with column lineage (Trino adapter names) to Floe, with a service principal's client
 * credentials as its API key: both are accepted and resolved to Floe's tables.
 */
class ITOpenLineagePython {
  static final String VERSION = "1.54.0";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TAG = "olpy" + Long.toString(System.nanoTime() % 1_000_000, 36);

  @Test
  void dagsterAndDbtRunsFromThePythonClientResolveToFloeTables() throws Exception {
    String namespace = TAG;
    String tablePath;
    try (RESTCatalog catalog = IcebergClients.catalog(FloeTestServer.catalogUri())) {
      catalog.createNamespace(Namespace.of(namespace));
      Table table = catalog.createTable(TableIdentifier.of(namespace, "orders"), IcebergClients.SCHEMA);
      tablePath = URI.create(table.location().replaceFirst("^file:/+", "file:///")).getPath();
    }
    HttpResponse<String> principal = RestCalls.postToServer("/api/management/v1/principals", "{\"name\": \"" + TAG + "_sender\"}");
    assertThat(principal.statusCode()).as(principal.body()).isEqualTo(201);
    JsonNode credentials = JSON.readTree(principal.body()).path("credentials");
    String apiKey = credentials.path("client-id").asText() + ":" + credentials.path("client-secret").asText();

    Path script = Path.of("src/test/python/openlineage_client_events.py").toAbsolutePath();
    ProcessBuilder builder = new ProcessBuilder(python().toString(), script.toString()).redirectErrorStream(true);
    builder.environment().putAll(
        Map.of("FLOE_URL", FloeTestServer.baseUri(), "FLOE_API_KEY", apiKey, "TABLE_PATH", tablePath, "NAMESPACE", namespace, "TAG", TAG));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("sent 4 events");

    // Dagster: the asset's output, named by a path under the table's location, is the table
    JsonNode upstream = ok("/api/lineage/v1/tables/lakehouse/" + namespace + "/orders/upstream?depth=1");
    List<String> nodes = new ArrayList<>();
    upstream.path("nodes").forEach(node -> nodes.add(node.path("type").asText() + " " + node.path("namespace").asText() + " " + node.path("name").asText()));
    assertThat(nodes).contains("job dagster " + TAG + "__orders_asset", "dataset postgres://db.test:5432 shop.public.orders");

    // dbt: the model's columns come from the raw table's columns
    JsonNode columns = ok("/api/lineage/v1/tables/lakehouse/" + namespace + "/customers/columns");
    assertThat(sources(columns, "customer_id")).containsExactly("id");
    assertThat(sources(columns, "full_name")).containsExactly("first_name", "last_name");
    JsonNode runs = ok("/api/lineage/v1/jobs/runs?namespace=dbt&name=" + TAG + ".model.jaffle_shop.customers");
    JsonNode run = runs.path("runs").get(0);
    assertThat(run.path("state").asText()).isEqualTo("COMPLETE");
    assertThat(run.path("events").asInt()).isEqualTo(2);
    assertThat(run.path("duration-ms").isNumber()).isTrue();
    assertThat(run.path("reported-by").asText()).isEqualTo(TAG + "_sender");
  }

  private static List<String> sources(JsonNode columns, String column) {
    List<String> sources = new ArrayList<>();
    columns.path("columns").path(column).forEach(source -> sources.add(source.path("column").asText()));
    return sources;
  }

  private static JsonNode ok(String path) {
    HttpResponse<String> response = RestCalls.getFromServer(path);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Python of a virtual environment with openlineage-python, made once and kept in ~/.cache/floe. */
  private static synchronized Path python() throws IOException, InterruptedException {
    Path venv = Path.of(System.getProperty("user.home"), ".cache", "floe", "openlineage-python-" + VERSION);
    Path python = venv.resolve("bin/python");
    if (Files.isExecutable(python) && run(python.toString(), "-c", "import openlineage.client") == 0) {
      return python;
    }
    Files.createDirectories(venv.getParent());
    assertThat(run("python3", "-m", "venv", "--clear", venv.toString())).as("python3 -m venv").isZero();
    assertThat(run(venv.resolve("bin/pip").toString(), "install", "-q", "openlineage-python==" + VERSION)).as("pip install openlineage-python").isZero();
    return python;
  }

  private static int run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).inheritIO().start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }
}
