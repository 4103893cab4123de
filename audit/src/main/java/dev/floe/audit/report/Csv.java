package dev.floe.audit.report;

import java.util.List;

/**
 * CSV records as RFC 4180 has them: fields separated by commas, records ended by CRLF; a field
 * holding a comma, a double quote, CR or LF is quoted, with each double quote doubled. A null
 * field is empty.
 */
public final class Csv {
  private Csv() {}

  /** One record, CRLF included. */
  public static String record(List<String> fields) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      line.append(field(fields.get(i)));
    }
    return line.append("\r\n").toString();
  }

  static String field(String value) {
    if (value == null) {
      return "";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',' || c == '"' || c == '\r' || c == '\n') {
        return '"' + value.replace("\"", "\"\"") + '"';
      }
    }
    return value;
  }
}
