package dev.floe.catalog.http;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestAllowedMethods {
  @Path("/api/things")
  public static class ThingsResource {
    @GET
    public String list() {
      return "";
    }

    @POST
    public String create() {
      return "";
    }

    @GET
    @Path("{thing}")
    public String get() {
      return "";
    }

    @PATCH
    @Path("/{thing}/")
    public String update() {
      return "";
    }

    @DELETE
    @Path("{thing}")
    public String drop() {
      return "";
    }

    @HEAD
    @Path("{thing}/exists")
    public String exists() {
      return "";
    }

    @GET
    @Path("{thing}/{direction: up|down}")
    public String direction() {
      return "";
    }

    /** Not a resource method. */
    public String helper() {
      return "";
    }
  }

  private static final AllowedMethods ALLOWED = new AllowedMethods(List.of(ThingsResource.class));

  @Test
  void methodsOfEachTemplate() {
    assertThat(ALLOWED.of("/api/things")).containsExactly("GET", "HEAD", "OPTIONS", "POST");
    assertThat(ALLOWED.of("api/things/")).containsExactly("GET", "HEAD", "OPTIONS", "POST");
    assertThat(ALLOWED.of("/api/things/a%1Fb")).containsExactly("DELETE", "GET", "HEAD", "OPTIONS", "PATCH");
    assertThat(ALLOWED.of("/api/things/a/exists")).containsExactly("HEAD", "OPTIONS");
    assertThat(ALLOWED.of("/api/things/a/up")).containsExactly("GET", "HEAD", "OPTIONS");
  }

  @Test
  void unknownPathsHaveNone() {
    assertThat(ALLOWED.of("/api/things/a/sideways")).isEmpty();
    assertThat(ALLOWED.of("/api/things/a/b/c")).isEmpty();
    assertThat(ALLOWED.of("/api/other")).isEmpty();
    // a template's literal parts are not patterns
    assertThat(AllowedMethods.pattern("/api/a.b").matcher("/api/axb").matches()).isFalse();
  }
}
