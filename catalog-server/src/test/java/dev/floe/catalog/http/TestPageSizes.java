package dev.floe.catalog.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.iceberg.exceptions.BadRequestException;
import org.junit.jupiter.api.Test;

class TestPageSizes {
  @Test
  void aPageSizeInRangeOrTheDefault() {
    assertThat(PageSizes.parse("limit", null, 100, 1000)).isEqualTo(100);
    assertThat(PageSizes.parse("limit", "", 100, 1000)).isEqualTo(100);
    assertThat(PageSizes.parse("limit", "1", 100, 1000)).isEqualTo(1);
    assertThat(PageSizes.parse("pageSize", "1000", 100, 1000)).isEqualTo(1000);
  }

  @Test
  void anythingElseIsA400NamingTheParameter() {
    for (String bad : new String[] {"0", "-1", "1001", "abc", "1.5", " 5", "99999999999"}) {
      assertThatThrownBy(() -> PageSizes.parse("limit", bad, 100, 1000))
          .isInstanceOf(BadRequestException.class)
          .hasMessage("Invalid limit: " + bad + " (expected 1 to 1000)");
    }
    assertThatThrownBy(() -> PageSizes.parse("pageSize", "x", 100, 50))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("Invalid pageSize: x (expected 1 to 50)");
  }

  @Test
  void icebergPageSizesAreCappedNotRefused() {
    assertThat(PageSizes.iceberg(null, null, 1000)).isEqualTo(Integer.MAX_VALUE - 1);
    assertThat(PageSizes.iceberg(null, "", 1000)).isEqualTo(Integer.MAX_VALUE - 1);
    assertThat(PageSizes.iceberg("token", null, 1000)).isEqualTo(1000);
    assertThat(PageSizes.iceberg(null, "7", 1000)).isEqualTo(7);
    assertThat(PageSizes.iceberg(null, "5000", 1000)).isEqualTo(1000);
    for (String bad : new String[] {"0", "-3", "many", "99999999999"}) {
      assertThatThrownBy(() -> PageSizes.iceberg(null, bad, 1000))
          .isInstanceOf(BadRequestException.class)
          .hasMessage("Invalid pageSize: " + bad + " (expected a positive integer)");
    }
  }
}
