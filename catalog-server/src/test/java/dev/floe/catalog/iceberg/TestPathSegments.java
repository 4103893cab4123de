package dev.floe.catalog.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestPathSegments {
  @Test
  void plainNamesStayAsTheyAre() {
    assertThat(FloeCatalog.pathSegment("orders_2024-v1.5")).isEqualTo("orders_2024-v1.5");
  }

  @Test
  void otherCharactersCannotEscapeTheSegment() {
    for (String name : new String[] {"a/b", "..", "../etc", "a b", "*", "'quoted'", "x?y", ".hidden"}) {
      String segment = FloeCatalog.pathSegment(name);
      assertThat(segment).as(name).matches("[A-Za-z0-9._-]+").doesNotContain("/");
      assertThat(segment).as(name).isNotEqualTo("..").doesNotStartWith(".");
    }
  }

  @Test
  void differentNamesGetDifferentSegments() {
    assertThat(FloeCatalog.pathSegment("a/b")).isNotEqualTo(FloeCatalog.pathSegment("a?b"));
    assertThat(FloeCatalog.pathSegment("a b")).isNotEqualTo(FloeCatalog.pathSegment("a_b"));
  }
}
