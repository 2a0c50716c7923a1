package dev.tollgate.config;

import dev.tollgate.config.GatingConfig.Identity;
import dev.tollgate.config.GatingConfig.IdentityType;
import dev.tollgate.config.GatingConfig.Jwt;
import dev.tollgate.config.GatingConfig.Redis;
import dev.tollgate.config.GatingConfig.Stripe;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads {@code identity}, {@code stripe} and {@code redis}, and shared value helpers. */
final class SettingsReader {
  private static final java.util.regex.Pattern FEATURE = java.util.regex.Pattern.compile("[A-Za-z0-9_.:-]{1,80}");

  private SettingsReader() {}

  static Identity identity(Node n) {
    IdentityType type = switch (n.str("type")) {
      case "jwt" -> IdentityType.JWT;
      case "apiKey" -> IdentityType.API_KEY;
      default -> throw new ConfigException(n.at("type"), "jwt or apiKey, got \"" + n.raw("type") + "\"");
    };
    String header = n.optStr("header").orElse("Authorization");
    Optional<Jwt> jwt = n.optChild("jwt").map(SettingsReader::jwt);
    if (type == IdentityType.JWT && jwt.isEmpty()) {
      throw new ConfigException(n.at("jwt"), "a jwt section (secretEnv or jwksUrl) when type is jwt");
    }
    Duration cacheTtl = n.has("apiKeyCacheTtl") ? Durations.parse(n.at("apiKeyCacheTtl"), n.raw("apiKeyCacheTtl"))
        : markRead(n, "apiKeyCacheTtl", Duration.ofSeconds(60));
    Optional<String> accountClaim = n.optStr("accountClaim");
    n.finish();
    return new Identity(type, header, jwt, cacheTtl, accountClaim);
  }

  static Jwt jwt(Node n) {
    Optional<String> secretEnv = n.optStr("secretEnv");
    Optional<URI> jwks = n.optStr("jwksUrl").map(u -> uri(n.at("jwksUrl"), u));
    if (secretEnv.isPresent() == jwks.isPresent()) {
      throw new ConfigException(n.path(), "exactly one of secretEnv (HS256) or jwksUrl (RS256/ES256)");
    }
    Optional<String> issuer = n.optStr("issuer");
    List<String> audience = n.has("audience") ? List.copyOf(n.strings("audience")) : markRead(n, "audience", List.of());
    String userClaim = n.optStr("userClaim").orElse("sub");
    String emailClaim = n.optStr("emailClaim").orElse("email");
    Duration skew = n.has("clockSkew") ? Durations.parse(n.at("clockSkew"), n.raw("clockSkew"))
        : markRead(n, "clockSkew", Duration.ofSeconds(60));
    n.finish();
    return new Jwt(secretEnv, jwks, issuer, audience, userClaim, emailClaim, skew);
  }

  static Stripe stripe(Node n) {
    Duration grace = n.has("pastDueGrace") ? Durations.parse(n.at("pastDueGrace"), n.raw("pastDueGrace"))
        : markRead(n, "pastDueGrace", Duration.ofDays(3));
    Duration attribution = n.has("attributionWindow")
        ? Durations.parse(n.at("attributionWindow"), n.raw("attributionWindow"))
        : markRead(n, "attributionWindow", Duration.ofDays(30));
    Duration tolerance = n.has("webhookTolerance")
        ? Durations.parse(n.at("webhookTolerance"), n.raw("webhookTolerance"))
        : markRead(n, "webhookTolerance", Duration.ofSeconds(300));
    List<String> entitlements = n.has("entitlements") ? features(n, "entitlements") : markRead(n, "entitlements",
        List.of());
    n.finish();
    return new Stripe(grace, attribution, tolerance, entitlements);
  }

  /**
   * A list of feature names (Stripe Entitlements feature {@code lookup_key}s): letters, digits
   * and {@code _ - . :}, no duplicates.
   */
  static List<String> features(Node n, String key) {
    List<String> names = n.strings(key);
    java.util.Set<String> seen = new java.util.LinkedHashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String f = names.get(i);
      if (!FEATURE.matcher(f).matches()) {
        throw new ConfigException(n.at(key) + "[" + i + "]", "a feature name (a Stripe feature lookup_key: letters, "
            + "digits, '_', '-', '.', ':'; at most 80), got \"" + f + "\"");
      }
      if (!seen.add(f)) {
        throw new ConfigException(n.at(key) + "[" + i + "]", "each feature once; '" + f + "' is listed twice");
      }
    }
    return List.copyOf(names);
  }

  /** {@code events}: {@code thresholds}, shares of a limit in (0, 1], once per window each. */
  static GatingConfig.Events events(Node n) {
    List<Double> out = new java.util.ArrayList<>();
    Object raw = n.raw("thresholds");
    if (raw != null) {
      if (!(raw instanceof List)) {
        throw new ConfigException(n.at("thresholds"), "a list of shares of a limit, e.g. [0.5, 0.8, 1.0]");
      }
      List<?> items = (List<?>) raw;
      for (int i = 0; i < items.size(); i++) {
        Object v = items.get(i);
        double d = v instanceof Number ? ((Number) v).doubleValue() : Double.NaN;
        if (!(d > 0 && d <= 1)) {
          throw new ConfigException(n.at("thresholds") + "[" + i + "]", "a share of the limit in (0, 1], got "
              + Node.describe(v));
        }
        if (out.contains(d)) {
          throw new ConfigException(n.at("thresholds") + "[" + i + "]", "each threshold once; " + d + " is listed twice");
        }
        out.add(d);
      }
      if (out.size() > 8) {
        throw new ConfigException(n.at("thresholds"), "at most 8 thresholds, got " + out.size());
      }
    }
    n.finish();
    java.util.Collections.sort(out);
    return new GatingConfig.Events(List.copyOf(out));
  }

  static Redis redis(Node n) {
    Duration connect = n.has("connectTimeout") ? Durations.parse(n.at("connectTimeout"), n.raw("connectTimeout"))
        : markRead(n, "connectTimeout", Duration.ofMillis(250));
    Duration command = n.has("commandTimeout") ? Durations.parse(n.at("commandTimeout"), n.raw("commandTimeout"))
        : markRead(n, "commandTimeout", Duration.ofMillis(300));
    for (String k : List.of("connectTimeout", "commandTimeout")) {
      Duration d = k.equals("connectTimeout") ? connect : command;
      if (d.isZero() || d.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new ConfigException(n.at(k), "a timeout between 1ms and 10s (the authorizer must answer quickly), got "
            + Durations.format(d));
      }
    }
    n.finish();
    return new Redis(connect, command);
  }

  static <T> T markRead(Node n, String key, T value) {
    n.raw(key);
    return value;
  }

  static URI uri(String path, String value) {
    try {
      URI u = new URI(value);
      if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme())) {
        throw new URISyntaxException(value, "not http(s)");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new ConfigException(path, "an http(s) URL, got \"" + value + "\"");
    }
  }

  static <E extends Enum<E>> E enumOf(String path, String value, Class<E> type) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value)) {
        return e;
      }
    }
    throw new ConfigException(path, "one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(
        Locale.ROOT) + ", got \"" + value + "\"");
  }

}
