package dev.floe.audit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestCsv {
  @Test
  void plainFieldsAreSeparatedByCommasAndRecordsEndWithCrLf() {
    assertThat(Csv.record(List.of("a", "b c", ""))).isEqualTo("a,b c,\r\n");
  }

  @Test
  void fieldsWithCommasQuotesOrLineBreaksAreQuotedWithQuotesDoubled() {
    assertThat(Csv.record(List.of("a,b", "say \"hi\"", "line\nbreak", "cr\r")))
        .isEqualTo("\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",\"cr\r\"\r\n");
  }

  @Test
  void nullIsEmpty() {
    assertThat(Csv.record(Arrays.asList("a", null))).isEqualTo("a,\r\n");
  }
}
