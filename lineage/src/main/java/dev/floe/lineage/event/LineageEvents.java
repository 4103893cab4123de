package dev.floe.lineage.event;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineageClientUtils;
import java.net.URI;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Reads OpenLineage run events (the body an OpenLineage HTTP transport posts) into {@link
 * LineageRun}s.
 *
 * <p>Binding is openlineage-java's: the object mapper of {@link
 * OpenLineageClientUtils#newObjectMapper()}, the one behind {@code
 * OpenLineageClientUtils.runEventFromJson}, with two more rules: nothing may follow the event, and no object may name a field twice. Jackson's
 * failures become {@link InvalidLineageEventException}s naming the field at fault; {@link
 * RunEventConverter} then checks what the binding leaves open (required fields).
 */
public final class LineageEvents {
  private static final ObjectMapper MAPPER =
      OpenLineageClientUtils.newObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private LineageEvents() {}

  /**
   * The run event in {@code json}.
   *
   * @throws InvalidLineageEventException when {@code json} is not a valid OpenLineage run event
   */
  public static LineageRun parse(String json) {
    requireNonNull(json, "json is null");
    if (json.isBlank()) {
      throw new InvalidLineageEventException("event is empty");
    }
    RunEvent event;
    try {
      event = MAPPER.readValue(json, RunEvent.class);
    } catch (StreamReadException e) {
      throw new InvalidLineageEventException(
          "event is not valid JSON: " + e.getOriginalMessage() + location(e), e);
    } catch (JsonMappingException e) {
      throw new InvalidLineageEventException(describe(e), e);
    } catch (JsonProcessingException e) {
      throw new InvalidLineageEventException("event cannot be read: " + e.getOriginalMessage(), e);
    }
    if (event == null) {
      throw new InvalidLineageEventException("event must be a JSON object, not null");
    }
    return RunEventConverter.convert(event);
  }

  private static String describe(JsonMappingException e) {
    String path = path(e);
    if (path.isEmpty()) {
      if (e.getOriginalMessage().startsWith("Trailing token")) {
        return "event has content after its JSON object";
      }
      return "event must be a JSON object";
    }
    if (e instanceof InvalidFormatException invalid) {
      return path + " " + quoted(invalid.getValue()) + " is not " + expected(path, invalid);
    }
    if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
      return path + " has the wrong shape: expected " + shape(mismatched.getTargetType());
    }
    return path + " is invalid: " + e.getOriginalMessage();
  }

  private static String expected(String path, InvalidFormatException e) {
    Class<?> target = e.getTargetType();
    if (target == null) {
      return "valid";
    }
    if (target.isEnum()) {
      Object[] constants = target.getEnumConstants();
      return "one of "
          + Arrays.stream(constants).map(Object::toString).collect(Collectors.joining(", "));
    }
    if (target == UUID.class) {
      return "a UUID";
    }
    if (Temporal.class.isAssignableFrom(target)) {
      return "an ISO-8601 date-time with a time zone offset";
    }
    if (target == URI.class) {
      return "a URI";
    }
    return "a valid " + target.getSimpleName() + " for " + path;
  }

  private static String shape(Class<?> target) {
    if (Collection.class.isAssignableFrom(target) || target.isArray()) {
      return "an array";
    }
    if (target == String.class || target.isEnum() || target == UUID.class
        || target == URI.class || Temporal.class.isAssignableFrom(target)) {
      return "a string";
    }
    if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
      return "a number";
    }
    if (target == Boolean.class) {
      return "a boolean";
    }
    // maps and the generated facet classes alike
    return "an object";
  }

  /** The JSON path of the failure as {@code outputs[0].facets.schema}. */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
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

  private static String quoted(Object value) {
    return value instanceof String || value instanceof Map ? "'" + value + "'" : String.valueOf(value);
  }

  private static String location(StreamReadException e) {
    if (e.getLocation() == null) {
      return "";
    }
    return " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }
}
