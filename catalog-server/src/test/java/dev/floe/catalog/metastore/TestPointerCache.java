package dev.floe.catalog.metastore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;

class TestPointerCache {
  private static final TableIdentifier TABLE = TableIdentifier.of(Namespace.of("sales", "eu"), "orders");

  private static Optional<CatalogObjectRecord> row(String location) {
    return Optional.of(new CatalogObjectRecord(7, 1, 3, TABLE, ObjectKind.TABLE, location, null));
  }

  private final PointerCache cache = new PointerCache(true, 100, Duration.ofMinutes(10));
  private final AtomicInteger reads = new AtomicInteger();

  private Optional<CatalogObjectRecord> find(String stored) {
    return cache.find(1, TABLE, () -> {
      reads.incrementAndGet();
      return row(stored);
    });
  }

  @Test
  void readsThroughUntilTheListenerFollows() {
    assertThat(find("v1")).isEqualTo(row("v1"));
    assertThat(find("v2")).isEqualTo(row("v2"));
    assertThat(reads).hasValue(2);
    assertThat(cache.size()).isZero();
  }

  @Test
  void keepsWhatItReadWhileFollowing() {
    cache.following(true);
    find("v1");
    assertThat(find("v2")).as("held").isEqualTo(row("v1"));
    assertThat(reads).hasValue(1);
    assertThat(cache.hits()).isEqualTo(1);
  }

  @Test
  void anInvalidationDropsTheEntry() {
    cache.following(true);
    find("v1");
    cache.invalidate(1, TABLE);
    assertThat(find("v2")).isEqualTo(row("v2"));
    cache.invalidateCatalog(1);
    assertThat(find("v3")).isEqualTo(row("v3"));
    cache.invalidate(new PointerCache.Key(2, "sales\u001feu", "orders"));
    assertThat(find("v4")).as("another catalog's key").isEqualTo(row("v3"));
  }

  @Test
  void aReadThatRacedWithAnInvalidationIsNotKept() {
    cache.following(true);
    Optional<CatalogObjectRecord> read =
        cache.find(1, TABLE, () -> {
          // a commit lands (and is heard of) while the old row is being read
          cache.invalidate(1, TABLE);
          return row("old");
        });
    assertThat(read).isEqualTo(row("old"));
    assertThat(find("new")).isEqualTo(row("new"));
  }

  @Test
  void losingTheListenerDropsEverythingAndReadsThrough() {
    cache.following(true);
    find("v1");
    cache.following(false);
    assertThat(find("v2")).isEqualTo(row("v2"));
    assertThat(find("v3")).isEqualTo(row("v3"));
    cache.following(true);
    assertThat(find("v4")).isEqualTo(row("v4"));
    assertThat(find("v5")).isEqualTo(row("v4"));
  }

  @Test
  void absenceIsKeptToo() {
    cache.following(true);
    assertThat(cache.find(1, TABLE, Optional::empty)).isEmpty();
    assertThat(find("created")).as("until the insert is heard of").isEmpty();
    cache.invalidate(1, TABLE);
    assertThat(find("created")).isEqualTo(row("created"));
  }

  @Test
  void disabledKeepsNothing() {
    PointerCache disabled = PointerCache.disabled();
    disabled.following(true);
    assertThat(disabled.isFollowing()).isFalse();
    assertThat(disabled.find(1, TABLE, () -> row("a"))).isEqualTo(row("a"));
    assertThat(disabled.find(1, TABLE, () -> row("b"))).isEqualTo(row("b"));
  }

  @Test
  void notificationsNameWhatToDrop() {
    PointerListener listener = new PointerListener(cache);
    cache.following(true);
    find("v1");
    listener.notified(List.of("[1,\"sales\\u001feu\",\"orders\"]"));
    assertThat(find("v2")).as("the object's own notification").isEqualTo(row("v2"));
    listener.notified(List.of("[1,\"sales\\u001feu\",\"other\"]"));
    assertThat(find("v3")).as("another object's").isEqualTo(row("v2"));
    listener.notified(List.of("[1]"));
    assertThat(find("v4")).as("its catalog's").isEqualTo(row("v4"));
    listener.notified(List.of("not json"));
    assertThat(find("v5")).as("an unreadable one drops everything").isEqualTo(row("v5"));
    listener.lost();
    assertThat(cache.isFollowing()).isFalse();
  }
}
