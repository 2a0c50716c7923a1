package dev.tollgate.redis;

import dev.tollgate.identity.IdentityUnavailableException;
import dev.tollgate.identity.ApiKeyStore;
import dev.tollgate.identity.ApiKeys;
import dev.tollgate.identity.Caller;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@link ApiKeyStore} in Redis: {@code {k:SHA}} hash (u user, e email, a organisation, c created)
 * per key and the user's
 * {@code {u:ID}:k} set of hashes. The two live in different slots, so they are written one
 * after the other: the set first, so a key never works without being listed for revocation.
 */
public final class RedisApiKeyStore implements ApiKeyStore {
  private final UnifiedJedis redis;

  /** Keys kept in {@code redis}. */
  public RedisApiKeyStore(UnifiedJedis redis) {
    this.redis = redis;
  }

  @Override
  public Optional<Caller> findByHash(String sha256Hex) {
    List<String> f;
    try {
      f = redis.hmget(Keys.apiKey(sha256Hex), "u", "e", "a");
    } catch (JedisException e) {
      throw new IdentityUnavailableException("API key store unavailable: " + e.getClass().getSimpleName(), e);
    }
    String user = f.get(0);
    return user == null ? Optional.empty() : Optional.of(new Caller(user, f.get(1), f.get(2)));
  }

  @Override
  public String create(String userId, String email, String organisation, Instant now) {
    String key = ApiKeys.generate();
    register(key, userId, email, organisation, now);
    return key;
  }

  /**
   * Stores {@code key} (well-formed, see {@link ApiKeys#wellFormed}) for {@code userId} (and
   * {@code organisation}, nullable): for a key chosen elsewhere, e.g. the local stack's
   * published sample key.
   */
  public void register(String key, String userId, String email, String organisation, Instant now) {
    ApiKeys.requireUserId(userId);
    if (organisation != null) {
      ApiKeys.requireUserId(organisation);
    }
    if (!ApiKeys.wellFormed(key)) {
      throw new IllegalArgumentException("not an API key of the form " + ApiKeys.PREFIX + "<43 base64url characters>");
    }
    String hash = ApiKeys.sha256Hex(key);
    Map<String, String> fields = new HashMap<>();
    fields.put("u", userId);
    fields.put("c", Long.toString(now.toEpochMilli()));
    if (email != null) {
      fields.put("e", email);
    }
    if (organisation != null) {
      fields.put("a", organisation);
    }
    redis.sadd(Keys.userApiKeys(userId), hash);
    redis.hset(Keys.apiKey(hash), fields);
  }

  @Override
  public boolean revoke(String keyOrHash) {
    String hash = ApiKeys.hashOf(keyOrHash);
    String key = Keys.apiKey(hash);
    String user = redis.hget(key, "u");
    if (user == null) {
      return false;
    }
    boolean existed = redis.del(key) > 0;
    redis.srem(Keys.userApiKeys(user), hash);
    return existed;
  }

  @Override
  public Set<String> hashesOf(String userId) {
    return Set.copyOf(redis.smembers(Keys.userApiKeys(userId)));
  }
}
