package dev.floe.catalog.metastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.iceberg.exceptions.BadRequestException;
import org.junit.jupiter.api.Test;

class TestEntityNames {
  @Test
  void acceptsLettersDigitsAndFourMarksStartingWithALetterOrDigit() {
    for (String name : List.of("a", "Z", "0", "lakehouse", "catalog_admin", "svc.loader", "alice@example.com", "a-b", "x".repeat(128))) {
      assertThat(EntityNames.isValid(name)).as(name).isTrue();
      assertThat(EntityNames.check(name, "catalog")).isEqualTo(name);
    }
  }

  @Test
  void refusesEverythingElseNamingTheInput() {
    for (String name : List.of("", "with space", "a/b", "50%", "_lead", ".lead", "-lead", "@lead", "é", "a\tb", "a:b", "x".repeat(129))) {
      assertThat(EntityNames.isValid(name)).as(name).isFalse();
      assertThatThrownBy(() -> EntityNames.check(name, "principal role"))
          .as(name)
          .isInstanceOf(BadRequestException.class)
          .hasMessageStartingWith("Invalid principal role name '")
          .hasMessageEndingWith("use " + EntityNames.RULE);
    }
    assertThat(EntityNames.isValid(null)).isFalse();
    assertThatThrownBy(() -> EntityNames.check(null, "catalog")).hasMessage("Invalid catalog name (none): use " + EntityNames.RULE);
    // a control character is shown escaped: the message stays one line
    assertThatThrownBy(() -> EntityNames.check("a\nb", "principal")).hasMessageContaining("'a\\u000ab'");
  }

  /** The pattern the OpenAPI schemas carry is the rule the server applies. */
  @Test
  void patternIsTheRule() {
    assertThat(EntityNames.PATTERN).startsWith("^").endsWith("$");
    assertThat("abc".matches(EntityNames.PATTERN.substring(1, EntityNames.PATTERN.length() - 1))).isTrue();
  }
}
