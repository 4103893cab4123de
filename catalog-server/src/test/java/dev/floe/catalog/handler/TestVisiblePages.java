package dev.floe.catalog.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.metastore.NamespacePaths;
import dev.floe.catalog.metastore.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TestVisiblePages {
  /** t000 … t999; the caller sees those the predicate keeps. */
  private static final List<String> NAMES = IntStream.range(0, 1000).mapToObj(i -> String.format("t%03d", i)).toList();

  private final List<Integer> reads = new ArrayList<>();
  private int filterCalls;

  private VisiblePages.Filled<String> fill(Predicate<String> visible, String after, int pageSize, int maxBatch) {
    return VisiblePages.fill(
        (cursor, size) -> {
          reads.add(size);
          String from = NamespacePaths.afterName(cursor);
          List<String> rest = NAMES.stream().filter(name -> from == null || name.compareTo(from) > 0).toList();
          boolean more = rest.size() > size;
          List<String> items = more ? rest.subList(0, size) : rest;
          return new Page<>(items, more ? NamespacePaths.pageToken(items.get(items.size() - 1)) : null);
        },
        items -> {
          filterCalls++;
          return items.stream().filter(visible).toList();
        },
        name -> name,
        NamespacePaths::pageToken,
        after,
        pageSize,
        maxBatch);
  }

  @Test
  void fillsPagesWithVisibleItemsAcrossMetastorePages() {
    // visible: t000, t500, t999 only
    Predicate<String> visible = name -> name.equals("t000") || name.equals("t500") || name.equals("t999");
    List<String> seen = new ArrayList<>();
    String after = null;
    int pages = 0;
    do {
      VisiblePages.Filled<String> page = fill(visible, after, 1, 1001);
      assertThat(page.items()).as("never an empty page while more follow").hasSize(1);
      seen.addAll(page.items());
      after = page.nextPosition();
      pages++;
    } while (after != null);
    assertThat(seen).containsExactly("t000", "t500", "t999");
    assertThat(pages).as("no trailing empty page: the last visible item's page has no next").isEqualTo(3);
    // one filter call per metastore page
    assertThat(filterCalls).isEqualTo(reads.size());
    assertThat(reads).allMatch(size -> size == VisiblePages.MIN_BATCH);
  }

  @Test
  void lastPageHasNoTokenWhenOnlyHiddenItemsFollow() {
    VisiblePages.Filled<String> page = fill(name -> name.compareTo("t002") <= 0, null, 3, 1001);
    assertThat(page.items()).containsExactly("t000", "t001", "t002");
    assertThat(page.nextPosition()).isNull();
  }

  @Test
  void nothingVisibleIsOneEmptyPageWithoutToken() {
    VisiblePages.Filled<String> page = fill(name -> false, null, 1, 1001);
    assertThat(page.items()).isEmpty();
    assertThat(page.nextPosition()).isNull();
  }

  @Test
  void fullyVisibleListingsAskOneItemMoreThanThePage() {
    VisiblePages.Filled<String> page = fill(name -> true, "t009", 1000, 1001);
    assertThat(page.items()).hasSize(990).startsWith("t010");
    assertThat(page.nextPosition()).isNull();
    assertThat(reads).containsExactly(1001);

    reads.clear();
    VisiblePages.Filled<String> small = fill(name -> true, null, 5, 1001);
    assertThat(small.items()).containsExactly("t000", "t001", "t002", "t003", "t004");
    assertThat(small.nextPosition()).isEqualTo("t004");
    assertThat(reads).hasSize(1);
  }

  @Test
  void unpaginatedListingsReadEverythingInBatches() {
    VisiblePages.Filled<String> page = fill(name -> name.endsWith("7"), null, Integer.MAX_VALUE - 1, 301);
    assertThat(page.items()).hasSize(100);
    assertThat(page.nextPosition()).isNull();
    assertThat(reads).containsOnly(301).hasSize(4);
  }
}
