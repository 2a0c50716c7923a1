package dev.tollgate.local;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.redis.RedisConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;
import redis.clients.jedis.UnifiedJedis;

/**
 * Options every operator command shares: which config and which Redis. Redis is
 * {@code --redis}, else {@code REDIS_URL}, else the running local stack's (from
 * {@code .tollgate/local.json} in the working directory).
 */
final class CommonOptions {
  @Option(names = "--redis", paramLabel = "URL",
      description = "Redis URL (default: $REDIS_URL, else the running './tollgate local' of this folder)")
  String redis;

  @Option(names = "--config", paramLabel = "FILE",
      description = "gating.yaml to use (default: $TOLLGATE_CONFIG, else ./gating.yaml, else the bundled example)")
  Path config;

  /** The config these options select. */
  GatingConfig config(Map<String, String> env) {
    return loadConfig(config, env);
  }

  /** Loads {@code file}, else $TOLLGATE_CONFIG, else ./gating.yaml, else the classpath one. */
  static GatingConfig loadConfig(Path file, Map<String, String> env) {
    if (file != null) {
      return ConfigLoader.fromFile(file);
    }
    String fromEnv = env.get(ConfigLoader.CONFIG_ENV);
    if ((fromEnv == null || fromEnv.isBlank()) && Files.isRegularFile(Path.of("gating.yaml"))) {
      return ConfigLoader.fromFile(Path.of("gating.yaml"));
    }
    return ConfigLoader.fromEnvironment(env);
  }

  /** The Redis URL these options select. */
  String redisUrl(Map<String, String> env) {
    if (redis != null && !redis.isBlank()) {
      return redis;
    }
    String fromEnv = env.get(RedisConnector.URL_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    return LocalState.read().map(LocalState::redisUrl).orElseThrow(() -> new IllegalStateException(
        "no Redis to talk to: pass --redis URL, set REDIS_URL, or start './tollgate local' in this folder"));
  }

  /** A client to the selected Redis. */
  UnifiedJedis connect(Map<String, String> env) {
    return RedisConnector.connect(redisUrl(env), env.get(RedisConnector.AUTH_ENV), Duration.ofSeconds(2),
        Duration.ofSeconds(5));
  }
}
