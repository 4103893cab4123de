package dev.floe.catalog.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappingInterface;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checks of a {@code @ConfigMapping} in the spirit of Trino's {@code assertRecordedDefaults}
 * and {@code assertFullMapping}, on SmallRye Config alone (no Quarkus boot): every key's default
 * is the recorded one, and a map setting every key to a value other than its default is read
 * back key by key.
 */
public final class ConfigMappingAssertions {
  private ConfigMappingAssertions() {}

  /**
   * Asserts that the mapping's keys are exactly those of {@code defaults} and that each has that
   * default ({@code null}: no default, the key is optional); returns the mapping read from no
   * settings at all, for typed checks of the same defaults.
   */
  public static <T> T assertRecordedDefaults(Class<T> type, Map<String, String> defaults) {
    Map<String, String> declared = new TreeMap<>();
    properties(type).forEach((name, property) -> declared.put(name, defaultValue(property)));
    assertThat(declared).as("keys and defaults of %s", type.getSimpleName()).isEqualTo(new TreeMap<>(defaults));
    return load(type, Map.of());
  }

  /**
   * Asserts that {@code properties} sets every key of the mapping, each to a value other than its
   * default (else the test could not tell it was read); returns the mapping read from them.
   */
  public static <T> T assertFullMapping(Class<T> type, Map<String, String> properties) {
    Map<String, ConfigMappingInterface.Property> declared = properties(type);
    assertThat(properties.keySet()).as("keys of %s", type.getSimpleName()).containsExactlyInAnyOrderElementsOf(declared.keySet());
    declared.forEach((name, property) -> {
      String defaultValue = defaultValue(property);
      if (defaultValue != null) {
        assertThat(properties.get(name)).as("explicit value of %s", name).isNotEqualTo(defaultValue);
      }
    });
    return load(type, properties);
  }

  /** The mapping read from {@code properties} only. */
  public static <T> T load(Class<T> type, Map<String, String> properties) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(type)
            .withSources(new PropertiesConfigSource(new HashMap<>(properties), "test", 100))
            .build();
    return config.getConfigMapping(type);
  }

  private static Map<String, ConfigMappingInterface.Property> properties(Class<?> type) {
    String prefix = type.getAnnotation(ConfigMapping.class).prefix();
    return ConfigMappings.getProperties(new ConfigMappings.ConfigClass(type, prefix));
  }

  private static String defaultValue(ConfigMappingInterface.Property property) {
    if (property.hasDefaultValue()) {
      return property.getDefaultValue();
    }
    if (property.isOptional() && property.asOptional().getNestedProperty().hasDefaultValue()) {
      return property.asOptional().getNestedProperty().getDefaultValue();
    }
    return null;
  }
}
