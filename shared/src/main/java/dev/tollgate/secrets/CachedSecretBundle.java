package dev.tollgate.secrets;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Settings read from one secret whose SecretString is a JSON object ({@code {"REDIS_AUTH":
 * "...", "JWT_SECRET": "..."}}), kept for a TTL so a function reads the store at most once per
 * TTL; names the object lacks come from {@code fallback}. When a refresh fails the last values
 * are kept (a rotation must not take the gate down with the store) and the failure is logged,
 * retried at most once a second; with nothing read yet it throws.
 */
final class CachedSecretBundle implements Secrets {
  /** Least time between two attempts after a failed refresh. */
  static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

  private final SecretStore store;
  private final String secretId;
  private final long ttlMs;
  private final Clock clock;
  private final Secrets fallback;
  private final Consumer<String> log;
  private volatile Snapshot current;
  private volatile long nextAttemptMs = Long.MIN_VALUE;

  private record Snapshot(Map<String, String> values, long expiresAtMs) {}

  CachedSecretBundle(SecretStore store, String secretId, Duration ttl, Clock clock, Secrets fallback,
      Consumer<String> log) {
    this.store = store;
    this.secretId = secretId;
    this.ttlMs = ttl.toMillis();
    this.clock = clock;
    this.fallback = fallback;
    this.log = log;
  }

  @Override
  public String get(String name) {
    String v = values().get(name);
    return v == null || v.isEmpty() ? fallback.get(name) : v;
  }

  @Override
  public boolean remote() {
    return true;
  }

  private Map<String, String> values() {
    long now = clock.millis();
    Snapshot s = current;
    if (s != null && now < s.expiresAtMs) {
      return s.values;
    }
    return refresh(now);
  }

  private synchronized Map<String, String> refresh(long now) {
    Snapshot s = current;
    if (s != null && now < s.expiresAtMs) {
      return s.values;
    }
    if (s != null && now < nextAttemptMs) {
      return s.values;
    }
    try {
      Map<String, String> values = parse(secretId, store.read(secretId));
      current = new Snapshot(values, now + ttlMs);
      return values;
    } catch (SecretUnavailableException e) {
      nextAttemptMs = now + RETRY_AFTER_FAILURE.toMillis();
      if (s == null) {
        throw e;
      }
      log.accept("tollgate: keeping the last values of secret " + secretId + " after a failed refresh: " + e.getMessage());
      return s.values;
    }
  }

  /** The settings in {@code secretString}: string values, numbers and booleans as text; nested values refused. */
  static Map<String, String> parse(String secretId, String secretString) {
    JsonObject o;
    try {
      o = JsonParser.parseString(secretString).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new SecretUnavailableException("secret " + secretId + " is not a JSON object of settings "
          + "(e.g. {\"REDIS_AUTH\": \"...\"})");
    }
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, JsonElement> e : o.entrySet()) {
      JsonElement v = e.getValue();
      if (v.isJsonNull()) {
        continue;
      }
      if (!v.isJsonPrimitive()) {
        throw new SecretUnavailableException("secret " + secretId + ": setting " + e.getKey()
            + " must be a string, not an object or array");
      }
      out.put(e.getKey(), v.getAsString());
    }
    return Map.copyOf(out);
  }
}
