package dev.floe.catalog.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.access.AccessConfig;
import dev.floe.catalog.governance.GovernanceConfig;
import dev.floe.catalog.access.BootstrapConfig;
import dev.floe.catalog.audit.AuditConfig;
import dev.floe.catalog.auth.AuthConfig;
import dev.floe.catalog.auth.AuthorizationConfig;
import dev.floe.catalog.governance.EvaluationConfig;
import dev.floe.catalog.pii.PiiConfig;
import dev.floe.catalog.purge.PurgeConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappingInterface;
import io.smallrye.config.ConfigMappings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The configuration table of README.md names every {@code floe.*} key of every
 * {@code @ConfigMapping}, no other, each with the default its interface declares.
 */
class TestConfigurationTable {
  private static final List<Class<?>> MAPPINGS =
      List.of(
          FloeConfig.class,
          AuthConfig.class,
          AuthorizationConfig.class,
          AccessConfig.class,
          GovernanceConfig.class,
          BootstrapConfig.class,
          AuditConfig.class,
          PurgeConfig.class,
          EvaluationConfig.class,
          PiiConfig.class,
          dev.floe.catalog.audit.AuditChainConfig.class,
          dev.floe.catalog.lineage.LineageConfig.class);

  @Test
  void readmeAgreesWithTheMappings() throws Exception {
    Map<String, String> declared = new TreeMap<>();
    for (Class<?> mapping : MAPPINGS) {
      String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
      ConfigMappings.getProperties(new ConfigMappings.ConfigClass(mapping, prefix))
          .forEach((name, property) -> declared.put(name, defaultValue(property)));
    }
    assertThat(documented()).isEqualTo(declared);
  }

  /** Key → default of the README rows of {@code floe.*} keys; {@code null} for "unset". */
  private static Map<String, String> documented() throws Exception {
    Map<String, String> defaults = new TreeMap<>();
    for (String line : Files.readAllLines(Path.of("../README.md"))) {
      if (!line.startsWith("| `floe.")) {
        continue;
      }
      String[] cells = line.split(" \\| ");
      List<String> keys = List.of(cells[0].substring(2).split(", "));
      String cell = cells[1];
      List<String> values = keys.size() > 1 && cell.split(", ").length == keys.size() ? List.of(cell.split(", ")) : null;
      for (int i = 0; i < keys.size(); i++) {
        defaults.put(unquote(keys.get(i)), value(values == null ? cell : values.get(i)));
      }
    }
    return defaults;
  }

  private static String value(String cell) {
    if (cell.startsWith("unset")) {
      return null;
    } else if (cell.equals("empty")) {
      return "";
    }
    return unquote(cell);
  }

  private static String unquote(String text) {
    assertThat(text).startsWith("`").endsWith("`");
    return text.substring(1, text.length() - 1);
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
