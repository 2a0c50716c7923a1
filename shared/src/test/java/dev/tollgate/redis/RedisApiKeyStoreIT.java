package dev.tollgate.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.identity.ApiKeyStore;
import dev.tollgate.identity.ApiKeyStoreContract;
import dev.tollgate.identity.ApiKeys;
import dev.tollgate.testing.TestRedis;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** The Redis adapter against the store contract, on a real Redis; plus its key layout. */
class RedisApiKeyStoreIT extends ApiKeyStoreContract {
  static UnifiedJedis redis;
  static RedisApiKeyStore store;

  @BeforeAll
  static void connect() {
    redis = TestRedis.client();
    store = new RedisApiKeyStore(redis);
  }

  @AfterAll
  static void close() {
    redis.close();
  }

  @Override
  protected ApiKeyStore store() {
    return store;
  }

  @Override
  protected String newUser() {
    return TestRedis.uniqueUser("apikey");
  }

  @Test
  void keysFollowTheSchemaAndHoldNoPlainKey() {
    String user = newUser();
    String key = store.create(user, "a@example.com", Instant.ofEpochMilli(1_700_000_000_000L));
    String hash = ApiKeys.sha256Hex(key);
    Map<String, String> record = redis.hgetAll(Keys.apiKey(hash));
    assertThat(record).containsExactlyInAnyOrderEntriesOf(Map.of("u", user, "e", "a@example.com", "c", "1700000000000"));
    assertThat(redis.smembers(Keys.userApiKeys(user))).containsExactly(hash);
    assertThat(record.values()).doesNotContain(key);
    store.revoke(key);
    assertThat(redis.exists(Keys.apiKey(hash))).isFalse();
    assertThat(redis.exists(Keys.userApiKeys(user))).isFalse();
  }
}
