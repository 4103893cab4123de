package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.List;

/** Principals and grants for a test, made through the management API as the root principal. */
final class AccessSetup {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AccessSetup() {}

  /**
   * A new service principal holding {@code privileges} on namespace {@code namespace} of {@code
   * catalog} (through a principal role and a catalog role both named {@code name}); its token. A
   * namespace that does not exist yet gets pending grants (allow-missing), bound when it is created.
   */
  static String principalWithGrants(String name, String catalog, List<String> namespace, String... privileges) {
    String root = FloeTestServer.rootToken();
    HttpResponse<String> created = call("POST", "/principals", "{\"name\": \"" + name + "\"}", root);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(call("POST", "/principal-roles", "{\"name\": \"" + name + "\"}", root).statusCode()).isEqualTo(201);
    assertThat(call("PUT", "/principals/" + name + "/principal-roles/" + name, null, root).statusCode()).isEqualTo(201);
    assertThat(call("POST", "/catalogs/" + catalog + "/catalog-roles", "{\"name\": \"" + name + "\"}", root).statusCode()).isEqualTo(201);
    assertThat(call("PUT", "/principal-roles/" + name + "/catalog-roles/" + catalog + "/" + name, null, root).statusCode()).isEqualTo(201);
    for (String privilege : privileges) {
      String body =
          "{\"privilege\": \"" + privilege + "\", \"securable\": {\"type\": \"namespace\", \"namespace\": [\""
              + String.join("\", \"", namespace) + "\"]}, \"allow-missing\": true}";
      HttpResponse<String> granted = call("POST", "/catalogs/" + catalog + "/catalog-roles/" + name + "/grants", body, root);
      assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
    }
    try {
      JsonNode credentials = JSON.readTree(created.body()).path("credentials");
      return Tokens.clientCredentials(
          FloeTestServer.catalogUri(), credentials.path("client-id").asText(), credentials.path("client-secret").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HttpResponse<String> call(String method, String path, String body, String token) {
    return RestCalls.toServer(method, "/api/management/v1" + path, body, token);
  }
}
