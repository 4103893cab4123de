package dev.floe.catalog.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * Floe nodes on databases of their own, for the audit chain's tests: the shared test server's
 * chain must not be tampered with or pruned. Each database lives in the run's PostgreSQL.
 */
final class AuditChainNodes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditChainNodes() {}

  /** A new, empty database; its JDBC URL. */
  static String database(String name) throws SQLException {
    try (Connection connection = DriverManager.getConnection(FloeTestServer.jdbcUrl(), "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      statement.execute("CREATE DATABASE " + name);
    }
    return FloeTestServer.jdbcUrl().replaceAll("/postgres$", "/" + name);
  }

  static Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(url, "postgres", "");
  }

  /** A node on {@code url} keeping its files (the checkpoint key) in {@code dataDir}. */
  static ServerProcess start(String name, String url, Path dataDir, Map<String, String> more) {
    Map<String, String> environment = new HashMap<>(FloeTestServer.serverEnvironment());
    environment.put("QUARKUS_DATASOURCE_JDBC_URL", url);
    environment.put("FLOE_DATA_DIR", dataDir.toString());
    environment.putAll(more);
    return ServerProcess.start(ServerProcess.freePort(), FloeTestServer.workDir().resolve("floe-" + name + ".log"), environment);
  }

  static String rootToken(ServerProcess node) {
    return Tokens.clientCredentials(node.baseUri() + "/api/catalog", FloeTestServer.ROOT_CLIENT_ID, FloeTestServer.ROOT_SECRET);
  }

  static HttpResponse<String> call(ServerProcess node, String method, String path, String body, String token) {
    return RestCalls.to(node.baseUri(), method, path, body, token);
  }

  static JsonNode verification(ServerProcess node, String token) throws IOException {
    HttpResponse<String> response = call(node, "GET", "/api/management/v1/audit/chain/verification", null, token);
    if (response.statusCode() != 200) {
      throw new AssertionError("verification answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  static HttpResponse<String> createNamespace(ServerProcess node, String token, String name) {
    return call(node, "POST", "/api/catalog/v1/lakehouse/namespaces", "{\"namespace\": [\"" + name + "\"]}", token);
  }
}
