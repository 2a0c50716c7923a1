package dev.tollgate.authorizer;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.Authenticator;
import dev.tollgate.identity.Authenticators;
import dev.tollgate.metrics.MeteredLimitEvents;
import dev.tollgate.redis.RedisApiKeyStore;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.redis.RedisLimitEvents;
import dev.tollgate.redis.RedisUsageStore;
import dev.tollgate.usage.UsageGate;
import java.util.ArrayList;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/**
 * Builds the authorizer's long-lived parts once per container from the environment:
 * config ({@code TOLLGATE_CONFIG} or the bundled gating.yaml), the Redis client
 * ({@code REDIS_URL}, {@code REDIS_AUTH}), the stores and the authenticator.
 */
record AuthorizerWiring(GatingConfig config, UnifiedJedis redis, RedisUsageStore store, Authenticator authenticator,
    UsageGate gate) {

  static AuthorizerWiring fromEnvironment(Map<String, String> env) {
    GatingConfig config = ConfigLoader.fromEnvironment(env);
    String url = env.get(RedisConnector.URL_ENV);
    if (url == null || url.isBlank()) {
      throw new IllegalStateException(RedisConnector.URL_ENV + " is not set (e.g. rediss://my-cache.xxxx.cache.amazonaws.com:6379)");
    }
    UnifiedJedis redis = RedisConnector.connect(url, env.get(RedisConnector.AUTH_ENV), config.redis());
    RedisUsageStore store = new RedisUsageStore(redis, new ArrayList<>(config.plans().keySet()),
        config.defaultPlan().name(), config.stripe().attributionWindow());
    Authenticator authenticator = Authenticators.fromConfig(config.identity(), env, new RedisApiKeyStore(redis));
    UsageGate gate = new UsageGate(config, store,
        new MeteredLimitEvents(new RedisLimitEvents(redis, config), System.out::println));
    return new AuthorizerWiring(config, redis, store, authenticator, gate);
  }

  /** Registers SnapStart priming for {@code handler} (a no-op outside a CRaC runtime). */
  void registerPriming(UsageAuthorizerHandler handler) {
    org.crac.Core.getGlobalContext().register(new SnapStartPriming(this, handler));
  }
}
