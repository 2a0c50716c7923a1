package dev.tollgate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExpiringCacheTest {
  @Test
  void entriesExpireAtTheirOwnTime() {
    ExpiringCache<String> c = new ExpiringCache<>(10);
    c.put("a", "A", 1_000, 0);
    assertThat(c.get("a", 999)).isEqualTo("A");
    assertThat(c.get("a", 1_000)).isNull();
    assertThat(c.get("missing", 0)).isNull();
  }

  @Test
  void neverHoldsMoreThanItsBound() {
    ExpiringCache<Integer> c = new ExpiringCache<>(100);
    for (int i = 0; i < 10_000; i++) {
      c.put("k" + i, i, Long.MAX_VALUE, 0);
      assertThat(c.size()).isLessThanOrEqualTo(100);
    }
    assertThat(c.get("k9999", 0)).isEqualTo(9999);
  }

  @Test
  void whenFullExpiredEntriesGoFirst() {
    ExpiringCache<Integer> c = new ExpiringCache<>(3);
    c.put("old", 0, 10, 0);
    c.put("live1", 1, 1_000, 0);
    c.put("live2", 2, 1_000, 0);
    c.put("new", 3, 1_000, 20);
    assertThat(c.get("live1", 20)).isEqualTo(1);
    assertThat(c.get("live2", 20)).isEqualTo(2);
    assertThat(c.get("new", 20)).isEqualTo(3);
    assertThat(c.size()).isEqualTo(3);
  }
}
