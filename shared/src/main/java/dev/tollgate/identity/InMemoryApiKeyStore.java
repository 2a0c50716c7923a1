package dev.tollgate.identity;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ApiKeyStore} in memory: for tests and a local stack without Redis. Passes the store contract. */
public final class InMemoryApiKeyStore implements ApiKeyStore {
  private record Issued(Caller caller, long createdMs) {}

  private final Map<String, Issued> byHash = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> byUser = new ConcurrentHashMap<>();

  @Override
  public Optional<Caller> findByHash(String sha256Hex) {
    Issued i = byHash.get(sha256Hex);
    return i == null ? Optional.empty() : Optional.of(i.caller);
  }

  @Override
  public String create(String userId, String email, String organisation, Instant now) {
    ApiKeys.requireUserId(userId);
    if (organisation != null) {
      ApiKeys.requireUserId(organisation);
    }
    String key = ApiKeys.generate();
    String hash = ApiKeys.sha256Hex(key);
    byUser.computeIfAbsent(userId, u -> ConcurrentHashMap.newKeySet()).add(hash);
    byHash.put(hash, new Issued(new Caller(userId, email, organisation), now.toEpochMilli()));
    return key;
  }

  @Override
  public boolean revoke(String keyOrHash) {
    String hash = ApiKeys.hashOf(keyOrHash);
    Issued i = byHash.remove(hash);
    if (i == null) {
      return false;
    }
    Set<String> mine = byUser.get(i.caller.userId());
    if (mine != null) {
      mine.remove(hash);
    }
    return true;
  }

  @Override
  public Set<String> hashesOf(String userId) {
    Set<String> mine = byUser.get(userId);
    return mine == null ? Set.of() : Set.copyOf(mine);
  }
}
