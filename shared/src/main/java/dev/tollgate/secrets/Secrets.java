package dev.tollgate.secrets;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Where a function reads its secrets and deployment settings, by environment-variable name
 * ({@code JWT_SECRET}, {@code REDIS_AUTH}, {@code REDIS_URL}, ...): the plain environment, or
 * one Secrets Manager secret read at run time ({@value #SECRET_ARN_ENV}), so a value can
 * change without publishing a new Lambda version.
 */
public interface Secrets {
  /** Id or ARN of a Secrets Manager secret whose SecretString is a JSON object of settings by name. */
  String SECRET_ARN_ENV = "TOLLGATE_SECRET_ARN";
  /** How long a value read from the secret is used before it is read again (a duration: {@code 60s}). */
  String TTL_ENV = "TOLLGATE_SECRET_TTL";
  /** Default of {@value #TTL_ENV}. */
  Duration DEFAULT_TTL = Duration.ofSeconds(60);

  /**
   * The current value of {@code name}, or null when it is not set (an empty value counts as
   * not set). With a secret store this may read it (at most once per TTL).
   *
   * @throws SecretUnavailableException when the store cannot be read and no earlier value is known
   */
  String get(String name);

  /**
   * Whether values come from a secret store at run time. Lambda's Parameters and Secrets
   * extension only answers during invocations, so such values must not be read at init.
   */
  boolean remote();

  /** The plain environment {@code env}. */
  static Secrets of(Map<String, String> env) {
    return new EnvironmentSecrets(env);
  }

  /**
   * {@value #SECRET_ARN_ENV}'s secret (through the Parameters and Secrets extension, cached
   * for {@value #TTL_ENV}; names it lacks fall back to {@code env}) when that variable is set,
   * else the plain environment.
   */
  static Secrets fromEnvironment(Map<String, String> env, Clock clock) {
    String id = env.get(SECRET_ARN_ENV);
    if (id == null || id.isBlank()) {
      return of(env);
    }
    String ttl = env.get(TTL_ENV);
    Duration d = ttl == null || ttl.isBlank() ? DEFAULT_TTL : dev.tollgate.config.Durations.parse(TTL_ENV, ttl);
    return new CachedSecretBundle(ParametersSecretsExtension.fromEnvironment(env), id.trim(), d, clock, of(env),
        System.err::println);
  }

  /** The plain environment. */
  record EnvironmentSecrets(Map<String, String> env) implements Secrets {
    @Override
    public String get(String name) {
      String v = env.get(name);
      return v == null || v.isEmpty() ? null : v;
    }

    @Override
    public boolean remote() {
      return false;
    }
  }
}
