package dev.floe.catalog.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.junit.jupiter.api.Test;

class TestStrictSchemasFilter {
  private final StrictSchemasFilter filter = new StrictSchemasFilter();

  @Test
  void objectsAreClosedOptionalFieldsNullableAndRefsUntyped() {
    Schema request =
        OASFactory.createSchema()
            .addType(SchemaType.OBJECT)
            .addProperty("name", OASFactory.createSchema().addType(SchemaType.STRING))
            .addProperty("count", OASFactory.createSchema().addType(SchemaType.INTEGER))
            .addProperty("kind", OASFactory.createSchema().ref("#/components/schemas/Kind").addType(SchemaType.OBJECT).description("The kind"))
            .addProperty(
                "privilege",
                OASFactory.createSchema().type(List.of(SchemaType.STRING, SchemaType.OBJECT)).enumeration(List.of("A", "B")))
            .addRequired("name")
            .addRequired("privilege");
    Schema map =
        OASFactory.createSchema()
            .addType(SchemaType.OBJECT)
            .additionalPropertiesSchema(OASFactory.createSchema().addType(SchemaType.STRING));
    Schema freeForm = OASFactory.createSchema().addType(SchemaType.OBJECT);
    OpenAPI document =
        OASFactory.createOpenAPI()
            .components(OASFactory.createComponents().addSchema("Request", request).addSchema("Map", map).addSchema("FreeForm", freeForm));

    filter.filterOpenAPI(document);

    Schema filtered = document.getComponents().getSchemas().get("Request");
    assertThat(filtered.getAdditionalPropertiesBoolean()).isFalse();
    // required fields stay as they are; optional ones may be null
    assertThat(filtered.getProperties().get("name").getType()).containsExactly(SchemaType.STRING);
    assertThat(filtered.getProperties().get("count").getType()).containsExactly(SchemaType.INTEGER, SchemaType.NULL);
    Schema kind = filtered.getProperties().get("kind");
    assertThat(kind.getDescription()).isEqualTo("The kind");
    assertThat(kind.getAnyOf()).hasSize(2);
    assertThat(kind.getAnyOf().get(0).getRef()).isEqualTo("#/components/schemas/Kind");
    assertThat(kind.getAnyOf().get(0).getType()).as("no type beside a $ref").isNull();
    assertThat(kind.getAnyOf().get(1).getType()).containsExactly(SchemaType.NULL);
    assertThat(filtered.getProperties().get("privilege").getType()).containsExactly(SchemaType.STRING);
    // maps and free-form objects are left open
    assertThat(document.getComponents().getSchemas().get("Map").getAdditionalPropertiesBoolean()).isNull();
    assertThat(document.getComponents().getSchemas().get("FreeForm").getAdditionalPropertiesBoolean()).isNull();
  }

  @Test
  void optionalQueryParametersMayBeEmpty() {
    Parameter since =
        filter.filterParameter(
            OASFactory.createParameter()
                .name("since")
                .in(Parameter.In.QUERY)
                .schema(OASFactory.createSchema().addType(SchemaType.STRING).format("date-time")));
    assertThat(since.getSchema().getAnyOf()).hasSize(2);
    assertThat(since.getSchema().getAnyOf().get(0).getFormat()).isEqualTo("date-time");
    assertThat(since.getSchema().getAnyOf().get(1).getMaxLength()).isZero();

    // a plain string takes "" already; a required parameter must be given
    Parameter plain =
        filter.filterParameter(
            OASFactory.createParameter().name("tag").in(Parameter.In.QUERY).schema(OASFactory.createSchema().addType(SchemaType.STRING)));
    assertThat(plain.getSchema().getAnyOf()).isNull();
    Parameter format =
        filter.filterParameter(
            OASFactory.createParameter()
                .name("format")
                .in(Parameter.In.QUERY)
                .required(true)
                .schema(OASFactory.createSchema().addType(SchemaType.STRING).enumeration(List.of("csv", "jsonl"))));
    assertThat(format.getSchema().getAnyOf()).isNull();
  }
}
