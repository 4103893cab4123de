package dev.floe.catalog.http;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.rest.RESTRequest;
import org.apache.iceberg.rest.RESTSerializers;

/**
 * JSON of the Iceberg REST protocol: Iceberg's own request and response classes with its
 * serializers, configured as Iceberg's REST client and reference server configure theirs.
 */
public final class IcebergJson {
  private static final ObjectMapper MAPPER = createMapper();

  private IcebergJson() {}

  private static ObjectMapper createMapper() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
    mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    mapper.setPropertyNamingStrategy(new PropertyNamingStrategies.KebabCaseStrategy());
    RESTSerializers.registerAll(mapper);
    return mapper;
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Parses and validates a request body; every problem with the input becomes a {@link
   * BadRequestException} whose message names the request type and what is wrong.
   */
  public static <T extends RESTRequest> T parseRequest(byte[] body, Class<T> type) {
    if (body == null || body.length == 0) {
      throw new BadRequestException("Missing request body: expected a %s", type.getSimpleName());
    }
    T request;
    try {
      request = MAPPER.readValue(body, type);
    } catch (JsonProcessingException e) {
      throw new BadRequestException(
          "Invalid %s: %s", type.getSimpleName(), rootMessage(e));
    } catch (java.io.IOException | RuntimeException e) {
      throw new BadRequestException("Invalid %s: %s", type.getSimpleName(), rootMessage(e));
    }
    if (request == null) {
      throw new BadRequestException("Missing request body: expected a %s", type.getSimpleName());
    }
    try {
      request.validate();
    } catch (RuntimeException e) {
      throw new BadRequestException("Invalid %s: %s", type.getSimpleName(), rootMessage(e));
    }
    return request;
  }

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  /** The innermost message of an exception chain, without Jackson's location suffix. */
  public static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message;
    if (root instanceof JsonProcessingException json) {
      message = json.getOriginalMessage();
      if (json.getLocation() != null) {
        message += " (line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr() + ")";
      }
    } else {
      message = root.getMessage();
    }
    return message == null ? root.getClass().getSimpleName() : message;
  }
}
