package dev.floe.catalog.management;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.floe.catalog.http.IcebergJson;
import dev.floe.catalog.management.api.CatalogRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.iceberg.exceptions.BadRequestException;

/**
 * JSON of the management API: reads the request records and writes the response records of
 * package {@code management.api} (and nothing else: the Iceberg REST API keeps Iceberg's own
 * serializers). Reading is strict: an unknown field, a value of the wrong type (a number for a
 * string, a string for a boolean, ...) or malformed JSON is a {@link BadRequestException} (400)
 * that names the request and the field.
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ManagementJsonProvider implements MessageBodyReader<Object>, MessageBodyWriter<Object> {
  private static final String API_PACKAGE = CatalogRequest.class.getPackageName();
  private static final ObjectMapper MAPPER = createMapper();

  private static ObjectMapper createMapper() {
    ObjectMapper mapper =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    // a number or a boolean is not a string (Jackson would turn 5 into "5")
    for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
      mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
    }
    return mapper;
  }

  /** Whether {@code type} is a request or response type of the management API. */
  static boolean isManagementType(Class<?> type) {
    return type.getPackageName().equals(API_PACKAGE) || (type.getEnclosingClass() != null && isManagementType(type.getEnclosingClass()));
  }

  @Override
  public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return isManagementType(type);
  }

  @Override
  public Object readFrom(
      Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
      MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException, WebApplicationException {
    return read(entityStream.readAllBytes(), type);
  }

  @Override
  public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return isManagementType(type);
  }

  @Override
  public void writeTo(
      Object value, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
      MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream) throws IOException, WebApplicationException {
    MAPPER.writeValue(entityStream, value);
  }

  /** The JSON of a response record, as the API writes it. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * A request body as {@code type}; every problem a {@link BadRequestException} whose message
   * names the request ("catalog update" for {@code CatalogUpdate}) and the field at fault.
   */
  public static <T> T read(byte[] body, Class<T> type) {
    String what = describe(type);
    JsonNode tree;
    try {
      tree = body == null || body.length == 0 ? null : MAPPER.readTree(body);
    } catch (IOException e) {
      throw new BadRequestException("Invalid %s: %s", what, IcebergJson.rootMessage(e));
    }
    if (tree == null || tree.isMissingNode() || !tree.isObject()) {
      throw new BadRequestException("Invalid %s: expected a JSON object", what);
    }
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (UnrecognizedPropertyException e) {
      throw unknownFields(what, tree, e);
    } catch (ValueInstantiationException e) {
      if (e.getCause() instanceof BadRequestException bad) {
        throw bad;
      }
      throw new BadRequestException("Invalid %s: %s", what, IcebergJson.rootMessage(e));
    } catch (MismatchedInputException e) {
      throw new BadRequestException("Invalid %s: %s must be %s", what, path(e), expected(e.getTargetType()));
    } catch (IOException | IllegalArgumentException e) {
      throw new BadRequestException("Invalid %s: %s", what, IcebergJson.rootMessage(e));
    }
  }

  /** The request's name in messages: the type's name in words ("CatalogRoleRequest": "catalog role request"). */
  static String describe(Class<?> type) {
    return type.getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
  }

  /** Every unknown field of the object that held the first one, with the fields it may have. */
  private static BadRequestException unknownFields(String what, JsonNode tree, UnrecognizedPropertyException e) {
    List<JsonMappingException.Reference> references = e.getPath();
    JsonNode holder = tree;
    for (JsonMappingException.Reference reference : references.subList(0, Math.max(0, references.size() - 1))) {
      holder = reference.getFieldName() != null ? holder.path(reference.getFieldName()) : holder.path(reference.getIndex());
    }
    Collection<Object> known = e.getKnownPropertyIds() == null ? List.of() : e.getKnownPropertyIds();
    TreeSet<String> expected = new TreeSet<>();
    known.forEach(id -> expected.add(String.valueOf(id)));
    List<String> unknown = new ArrayList<>();
    if (holder.isObject()) {
      holder.fieldNames().forEachRemaining(name -> {
        if (!expected.contains(name)) {
          unknown.add(name);
        }
      });
    }
    if (unknown.isEmpty()) {
      unknown.add(e.getPropertyName());
    }
    String prefix = references.size() > 1 ? path(references.subList(0, references.size() - 1)) + ": " : "";
    return new BadRequestException(
        "Invalid %s: %sunknown field%s %s (expected %s)",
        what, prefix, unknown.size() == 1 ? "" : "s", String.join(", ", unknown), String.join(", ", expected));
  }

  private static String path(MismatchedInputException e) {
    String path = path(e.getPath());
    return path.isEmpty() ? "the body" : path;
  }

  private static String path(List<JsonMappingException.Reference> references) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : references) {
      if (reference.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "an object of strings";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return "an object";
  }
}
