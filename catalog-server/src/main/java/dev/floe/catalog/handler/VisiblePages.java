package dev.floe.catalog.handler;

import dev.floe.catalog.metastore.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Pages of a listing filled with what the caller may see: metastore pages are read and filtered
 * (one filter call per metastore page) until one more visible item than asked for is found, or
 * the listing ends. So a page is never short or empty while more visible items follow, the last
 * page has no next token, and neither the size of a page nor the presence of a token says
 * anything about items the caller may not see. The next position is the last item returned, which
 * the caller sees anyway (and the token it travels in is encrypted: {@link PageTokens}).
 */
final class VisiblePages {
  /** Fewest items read per metastore page: small client pages must not cost a query per item. */
  static final int MIN_BATCH = 100;

  private VisiblePages() {}

  /** One metastore page after a metastore cursor (null: from the start). */
  @FunctionalInterface
  interface Source<T> {
    Page<T> read(String cursor, int size);
  }

  /** A filled page: the visible items and the position after which the next page starts, if any. */
  record Filled<T>(List<T> items, String nextPosition) {}

  /**
   * @param source the metastore listing
   * @param filter keeps what the caller may see (one authorizer call)
   * @param position an item's position, as {@code cursor} turns it into a metastore cursor
   * @param cursor the metastore cursor after a position
   * @param after the position to continue after; null from the start
   * @param pageSize how many visible items the caller asked for
   * @param maxBatch the largest metastore page to read
   */
  static <T> Filled<T> fill(
      Source<T> source,
      UnaryOperator<List<T>> filter,
      Function<T, String> position,
      UnaryOperator<String> cursor,
      String after,
      int pageSize,
      int maxBatch) {
    int batch = (int) Math.max(1, Math.min(Math.max((long) pageSize + 1, MIN_BATCH), maxBatch));
    List<T> visible = new ArrayList<>();
    String next = after == null ? null : cursor.apply(after);
    while (true) {
      Page<T> page = source.read(next, batch);
      visible.addAll(filter.apply(page.items()));
      if (visible.size() > pageSize) {
        // not List.copyOf: Iceberg's response builders call contains(null), which its lists reject
        List<T> items = new ArrayList<>(visible.subList(0, pageSize));
        return new Filled<>(items, position.apply(items.get(items.size() - 1)));
      }
      if (page.nextPageToken() == null) {
        return new Filled<>(visible, null);
      }
      next = page.nextPageToken();
    }
  }
}
