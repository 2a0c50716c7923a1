package dev.tollgate.identity;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded map whose entries carry their own expiry (epoch ms, compared with the caller's
 * {@code now}: no clock inside). When full, a put first drops expired entries and, if that
 * frees nothing, starts over empty: O(1) amortised, no per-hit bookkeeping, and a flood of
 * new keys costs at most a refill rather than a slow path on every hit.
 */
final class ExpiringCache<V> {
  private final int maxEntries;
  private final Map<String, Entry<V>> map = new ConcurrentHashMap<>();

  private record Entry<V>(V value, long expiresAtMs) {}

  ExpiringCache(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive, got " + maxEntries);
    }
    this.maxEntries = maxEntries;
  }

  /** The value for {@code key} if present and not expired at {@code nowMs}, else null. */
  V get(String key, long nowMs) {
    Entry<V> e = map.get(key);
    if (e == null) {
      return null;
    }
    if (nowMs >= e.expiresAtMs) {
      map.remove(key, e);
      return null;
    }
    return e.value;
  }

  /** Keeps {@code value} under {@code key} until {@code expiresAtMs}. */
  void put(String key, V value, long expiresAtMs, long nowMs) {
    if (map.size() >= maxEntries && !map.containsKey(key)) {
      evict(nowMs);
    }
    map.put(key, new Entry<>(value, expiresAtMs));
  }

  /** Forgets {@code key}. */
  void remove(String key) {
    map.remove(key);
  }

  /** Number of entries held (expired ones included until evicted). */
  int size() {
    return map.size();
  }

  private void evict(long nowMs) {
    for (Iterator<Entry<V>> it = map.values().iterator(); it.hasNext(); ) {
      if (nowMs >= it.next().expiresAtMs) {
        it.remove();
      }
    }
    if (map.size() >= maxEntries) {
      map.clear();
    }
  }
}
