package dev.floe.catalog.rest;

import dev.floe.catalog.auth.Unauthenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/catalog/openapi.yaml}: the OpenAPI document of the Iceberg REST API Floe serves
 * at {@code /api/catalog}, Iceberg's own {@code open-api/rest-catalog-open-api.yaml} of release
 * 1.11.0, unchanged (copied, pinned: see {@code resources/iceberg/README.md}). Served from the
 * jar so that it works offline; open like {@code /q/openapi}.
 */
@Path("/api/catalog/openapi.yaml")
@Unauthenticated
public class IcebergOpenApiResource {
  static final String DOCUMENT = "/iceberg/rest-catalog-open-api.yaml";
  static final String MEDIA_TYPE = "application/yaml";

  private final byte[] document = load();

  @GET
  public Response document() {
    return Response.ok(document, MEDIA_TYPE + ";charset=UTF-8").build();
  }

  private static byte[] load() {
    try (InputStream in = IcebergOpenApiResource.class.getResourceAsStream(DOCUMENT)) {
      if (in == null) {
        throw new IllegalStateException(DOCUMENT + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
