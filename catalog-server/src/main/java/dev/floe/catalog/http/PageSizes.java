package dev.floe.catalog.http;

import org.apache.iceberg.exceptions.BadRequestException;

/**
 * The one parser of the page-size query parameters of every listing: Iceberg's {@code pageSize}
 * and the management API's {@code pageSize} and {@code limit}. They arrive as text (a JAX-RS
 * {@code Integer} parameter it cannot convert is a bare 404); anything but a positive integer in
 * range is a 400 that names the parameter and the value.
 */
public final class PageSizes {
  private PageSizes() {}

  /**
   * {@code text} of query parameter {@code parameter} as a page size from 1 to {@code max};
   * {@code defaultSize} when it is absent or empty.
   */
  public static int parse(String parameter, String text, int defaultSize, int max) {
    if (text == null || text.isEmpty()) {
      return defaultSize;
    }
    int size = integer(text);
    if (size < 1 || size > max) {
      throw new BadRequestException("Invalid %s: %s (expected 1 to %d)", parameter, text, max);
    }
    return size;
  }

  /**
   * Iceberg's {@code pageSize} of a listing: any positive integer, capped at {@code max} (the
   * spec lets a server return fewer). Absent or empty, a client that does not paginate (no
   * {@code pageToken}) gets everything in one page, one that does gets pages of {@code max}.
   */
  public static int iceberg(String pageToken, String pageSize, int max) {
    if (pageSize == null || pageSize.isEmpty()) {
      return pageToken == null ? Integer.MAX_VALUE - 1 : max;
    }
    int size = integer(pageSize);
    if (size < 1) {
      throw new BadRequestException("Invalid pageSize: %s (expected a positive integer)", pageSize);
    }
    return Math.min(size, max);
  }

  /** The integer {@code text} stands for; {@code -1} (out of every range) when it is none. */
  private static int integer(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
