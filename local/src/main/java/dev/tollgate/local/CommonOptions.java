package dev.tollgate.local;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.redis.RedisConnector;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import redis.clients.jedis.UnifiedJedis;

/**
 * Options every operator command shares: which stack. With {@code --remote FUNCTION} the
 * action runs in that deployed {@code AdminFunction} (its config, its Redis); otherwise in
 * this process on {@code --redis}, else {@code REDIS_URL}, else the running local stack's
 * (from {@code .tollgate/} in the working directory), with {@code --config}.
 */
final class CommonOptions {
  @Option(names = "--remote", paramLabel = "FUNCTION", description = {"run in this deployed AdminFunction (name or ARN) "
      + "through the Lambda Invoke API, with the standard AWS credentials and region"})
  String remoteFunction;

  @Option(names = "--region", paramLabel = "REGION", description = "with --remote: AWS region (default: the SDK's "
      + "chain: AWS_REGION, aws.region, the profile)")
  String region;

  @Option(names = "--profile", paramLabel = "NAME", description = "with --remote: AWS profile (default: AWS_PROFILE, "
      + "else default)")
  String profile;

  @Option(names = "--endpoint-url", paramLabel = "URL", description = "with --remote: Lambda endpoint, e.g. "
      + "http://localhost:3000 for './tollgate local'")
  URI endpointUrl;

  @Option(names = "--stripe-api-base", paramLabel = "URL", hidden = true, description = "Stripe API base (tests)")
  String stripeApiBase;

  @Option(names = "--redis", paramLabel = "URL",
      description = "Redis URL (default: $REDIS_URL, else the running './tollgate local' of this folder)")
  String redis;

  @Option(names = "--port", paramLabel = "PORT", description = "with several './tollgate local' in this folder: the "
      + "one on this port")
  Integer port;

  @Option(names = "--config", paramLabel = "FILE",
      description = "gating.yaml to use (default: the running './tollgate local' one's --config, else "
          + "$TOLLGATE_CONFIG, else ./gating.yaml, else the bundled example)")
  Path config;

  /** Usage errors for options that do not go together. */
  void check(CommandSpec spec) {
    if (remoteFunction == null) {
      for (Object[] o : new Object[][] {{"--region", region}, {"--profile", profile}, {"--endpoint-url", endpointUrl}}) {
        if (o[1] != null) {
          throw new CommandLine.ParameterException(spec.commandLine(), o[0] + " only goes with --remote FUNCTION");
        }
      }
    } else if (redis != null || config != null || port != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), (redis != null ? "--redis" : config != null
          ? "--config" : "--port") + " cannot be combined with --remote: the function uses its own Redis and config");
    }
  }

  /** The deployed function to run in, or null to run in this process. */
  RemoteAdmin remote() {
    return remoteFunction == null ? null : new RemoteAdmin(remoteFunction, region, profile, endpointUrl);
  }

  /** Stripe's API base for reconcile (null: Stripe's own). */
  String stripeApiBase() {
    return stripeApiBase;
  }

  /**
   * The config these options select: {@code --config}; else, when the command talks to the
   * running local stack (no {@code --redis}, no {@code REDIS_URL}), the file that stack was
   * started with; else the default lookup.
   */
  GatingConfig config(Map<String, String> env) {
    String fromEnv = env.get(RedisConnector.URL_ENV);
    if (config == null && (redis == null || redis.isBlank()) && (fromEnv == null || fromEnv.isBlank())) {
      Optional<Path> stack = LocalState.runningConfig(port);
      if (stack.isPresent()) {
        return loadConfig(stack.get(), env);
      }
    }
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
    return LocalState.select(port).map(LocalState::redisUrl).orElseThrow(() -> new IllegalStateException(
        port != null ? "no './tollgate local --port " + port + "' runs in this folder"
            : "no Redis to talk to: pass --redis URL, set REDIS_URL, start './tollgate local' in this folder, or use "
            + "--remote FUNCTION for a deployed stack"));
  }

  /** A client to the selected Redis. */
  UnifiedJedis connect(Map<String, String> env) {
    return RedisConnector.connect(redisUrl(env), env.get(RedisConnector.AUTH_ENV), Duration.ofSeconds(2),
        Duration.ofSeconds(5));
  }
}
