package dev.floe.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TestIcebergOpenApiResource {
  /** The copy of Iceberg's document ships in the jar and is served unchanged, as YAML. */
  @Test
  void servesIcebergsRestCatalogDocument() {
    Response response = new IcebergOpenApiResource().document();
    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getMediaType().toString()).startsWith("application/yaml");
    String document = new String((byte[]) response.getEntity(), StandardCharsets.UTF_8);
    assertThat(document)
        .startsWith("#\n# Licensed to the Apache Software Foundation (ASF)")
        .contains("openapi: 3.1.1")
        .contains("title: Apache Iceberg REST Catalog API")
        .contains("/v1/{prefix}/namespaces/{namespace}/tables/{table}:");
  }
}
