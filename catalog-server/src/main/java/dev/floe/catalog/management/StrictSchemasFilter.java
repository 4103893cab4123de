package dev.floe.catalog.management;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Makes {@code /q/openapi} say what the server does, in three rules the annotations cannot state
 * once for all (registered with {@code mp.openapi.filter}):
 *
 * <ul>
 *   <li>Every JSON object of the management, governance and lineage APIs has exactly the fields
 *       its schema names: requests are read strictly (an unknown field is a 400 naming it, {@link
 *       ManagementJsonProvider}) and answers are records. So each component schema with properties
 *       gets {@code additionalProperties: false}; maps (which declare their values) and free-form
 *       objects (no properties) are left as they are.
 *   <li>A field that is not required may be null: answers write an absent value as null, and
 *       requests take null as "not given".
 *   <li>An optional query parameter may be empty: the server takes an empty value as leaving the
 *       parameter out (an HTML form sends every field).
 *   <li>Any operation may be answered 414 without a body: the HTTP layer refuses a request line
 *       longer than {@code quarkus.http.limits.max-initial-line-length} (4096 bytes) before Floe sees it.
 * </ul>
 *
 * It also drops the {@code type} the scanner puts beside a {@code $ref} (a string field documented
 * with an enum's values came out as {@code type: object}).
 */
public class StrictSchemasFilter implements OASFilter {
  static final String URI_TOO_LONG = "414";

  @Override
  public Operation filterOperation(Operation operation) {
    APIResponses responses = operation.getResponses();
    if (responses != null && !responses.hasAPIResponse(URI_TOO_LONG)) {
      responses.addAPIResponse(
          URI_TOO_LONG,
          OASFactory.createAPIResponse().description("The request line (path and query) is longer than the server accepts; no body"));
    }
    return operation;
  }

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
      return;
    }
    for (Schema schema : openAPI.getComponents().getSchemas().values()) {
      strict(schema);
    }
  }

  @Override
  public Parameter filterParameter(Parameter parameter) {
    Schema schema = parameter.getSchema();
    if (schema == null) {
      return parameter;
    }
    fixType(schema);
    if (parameter.getIn() == Parameter.In.QUERY && !Boolean.TRUE.equals(parameter.getRequired()) && !takesEmptyAlready(schema)) {
      parameter.setSchema(
          OASFactory.createSchema()
              .addAnyOf(schema)
              .addAnyOf(OASFactory.createSchema().addType(SchemaType.STRING).maxLength(0).description("empty: as if left out")));
    }
    return parameter;
  }

  /** The three rules for one component schema and its properties. */
  static void strict(Schema schema) {
    if (schema.getProperties() == null || schema.getProperties().isEmpty()) {
      return;
    }
    Map<String, Schema> properties = new LinkedHashMap<>(schema.getProperties());
    if (schema.getAdditionalPropertiesSchema() == null && schema.getAdditionalPropertiesBoolean() == null) {
      schema.setAdditionalPropertiesBoolean(Boolean.FALSE);
    }
    List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
    for (Map.Entry<String, Schema> property : properties.entrySet()) {
      Schema value = property.getValue();
      fixType(value);
      if (!required.contains(property.getKey())) {
        property.setValue(nullable(value));
      }
    }
    schema.setProperties(properties);
  }

  /** No {@code type} beside a {@code $ref}; no {@code object} among the types of an enum of strings. */
  private static void fixType(Schema schema) {
    if (schema.getRef() != null) {
      schema.setType(null);
    } else if (schema.getType() != null && schema.getEnumeration() != null && schema.getType().contains(SchemaType.OBJECT)) {
      schema.removeType(SchemaType.OBJECT);
    }
  }

  private static Schema nullable(Schema schema) {
    if (schema.getRef() != null) {
      Schema wrapper = OASFactory.createSchema().addAnyOf(schema).addAnyOf(OASFactory.createSchema().addType(SchemaType.NULL));
      if (schema.getDescription() != null) {
        wrapper.setDescription(schema.getDescription());
        schema.setDescription(null);
      }
      return wrapper;
    }
    if (schema.getType() != null && !schema.getType().isEmpty() && !schema.getType().contains(SchemaType.NULL)) {
      schema.addType(SchemaType.NULL);
    } else if (schema.getOneOf() != null && schema.getOneOf().stream().noneMatch(StrictSchemasFilter::isNull)) {
      schema.addOneOf(OASFactory.createSchema().addType(SchemaType.NULL));
    }
    return schema;
  }

  private static boolean isNull(Schema schema) {
    return schema.getType() != null && schema.getType().equals(List.of(SchemaType.NULL));
  }

  /**
   * A string with no format, enum or pattern (it takes the empty value already), or an array (each
   * repetition of the parameter is an item: an empty one is an item).
   */
  private static boolean takesEmptyAlready(Schema schema) {
    if (schema.getType() != null && schema.getType().contains(SchemaType.ARRAY)) {
      return true;
    }
    return schema.getRef() == null
        && List.of(SchemaType.STRING).equals(schema.getType())
        && schema.getFormat() == null
        && schema.getEnumeration() == null
        && schema.getPattern() == null
        && (schema.getMinLength() == null || schema.getMinLength() == 0);
  }
}
