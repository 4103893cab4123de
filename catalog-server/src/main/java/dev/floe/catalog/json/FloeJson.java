package dev.floe.catalog.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one {@link ObjectMapper} for Floe's own JSON: management API bodies, token responses,
 * session policies, and what the stores keep as JSON (properties, audit details, purge roots).
 * Configured here and nowhere else; shared and thread-safe, so never reconfigured by a user.
 *
 * <p>Not for the Iceberg REST protocol, which has its own mapper with Iceberg's serializers
 * ({@code rest.IcebergJson}).
 */
public final class FloeJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private FloeJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
