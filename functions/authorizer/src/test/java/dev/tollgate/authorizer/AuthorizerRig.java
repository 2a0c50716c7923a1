package dev.tollgate.authorizer;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.Authenticators;
import dev.tollgate.redis.RedisApiKeyStore;
import dev.tollgate.redis.RedisPendingIndex;
import dev.tollgate.redis.RedisUsageStore;
import dev.tollgate.usage.UsageGate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/**
 * The authorizer as Lambda runs it, for the reliability tests: the example gating.yaml with a
 * small free limit, a chosen fail mode and Redis timeouts, the handler's test constructor over
 * a given Redis client, HS256 tokens signed with a test secret, and events shaped like
 * {@code events/authorizer/allowed.json} carrying them.
 */
final class AuthorizerRig {
  static final String SECRET = "tollgate-reliability-secret-0123456789abcdef";
  static final Path EVENTS = Path.of("..", "..", "events", "authorizer");
  /** Far-future expiry of the test tokens (as in the sample events). */
  static final Instant EXP = Instant.parse("2100-01-01T00:00:00Z");

  private AuthorizerRig() {}

  /** gating.yaml with {@code free: limit}, {@code failMode} and Redis connect/command timeouts. */
  static GatingConfig config(int limit, String failMode, String connectTimeout, String commandTimeout) {
    String yaml;
    try {
      yaml = Files.readString(Path.of("..", "..", "gating.yaml"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    String edited = yaml.replace("free: 100,", "free: " + limit + ",")
        .replace("\nfailMode: open", "\nfailMode: " + failMode)
        + "\nredis: { connectTimeout: " + connectTimeout + ", commandTimeout: " + commandTimeout + " }\n";
    if (edited.equals(yaml)) {
      throw new IllegalStateException("gating.yaml changed shape: the test edits no longer apply");
    }
    return ConfigLoader.parse(edited, "gating.yaml (reliability)");
  }

  /** The handler's test constructor over {@code redis}, with the real stores and limit events. */
  static UsageAuthorizerHandler handler(GatingConfig config, UnifiedJedis redis, Clock clock) {
    RedisUsageStore store = RedisUsageStore.forConfig(redis, config);
    return new UsageAuthorizerHandler(
        Authenticators.fromConfig(config.identity(), Map.of("JWT_SECRET", SECRET), new RedisApiKeyStore(redis)),
        new UsageGate(config, store, new RedisPendingIndex(redis)), clock);
  }

  /** An HS256 token for {@code sub} signed with {@link #SECRET}, issued at {@code iat}, expiring at {@code exp}. */
  static String token(String sub, Instant iat, Instant exp) {
    return token(sub, iat, exp, SECRET.getBytes(StandardCharsets.UTF_8));
  }

  /** As {@link #token(String, Instant, Instant)} but signed with {@code key}. */
  static String token(String sub, Instant iat, Instant exp, byte[] key) {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(sub).claim("email", "load@example.com");
    if (iat != null) {
      claims.issueTime(Date.from(iat));
    }
    if (exp != null) {
      claims.expirationTime(Date.from(exp));
    }
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
      jwt.sign(new MACSigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A token for {@code sub} until 2100, with claim {@code org_id} = {@code org} (none when null). */
  static String orgToken(String sub, String org) {
    JWTClaimsSet.Builder c = new JWTClaimsSet.Builder().subject(sub).expirationTime(Date.from(EXP));
    if (org != null) {
      c.claim("org_id", org);
    }
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), c.build());
      jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A token for {@code sub} valid from 2020 to 2100. */
  static String token(String sub) {
    return token(sub, Instant.parse("2020-01-01T00:00:00Z"), EXP);
  }

  /** allowed.json with {@code Authorization: Bearer token}. */
  static AuthorizerRequestEvent event(String token) {
    return withHeader(sample("allowed.json"), "Authorization", "Bearer " + token);
  }

  /** A sample event as Lambda deserializes it. */
  static AuthorizerRequestEvent sample(String name) {
    return EventLoader.loadEvent(EVENTS.resolve(name).toString(), AuthorizerRequestEvent.class);
  }

  /**
   * {@code e} with header {@code name} (any case) set to {@code value} alone, in both the
   * single- and the multi-value map as API Gateway fills them; a null value removes it.
   */
  static AuthorizerRequestEvent withHeader(AuthorizerRequestEvent e, String name, String value) {
    Map<String, String> single = new HashMap<>(e.getHeaders() == null ? Map.of() : e.getHeaders());
    Map<String, List<String>> multi = new HashMap<>(e.getMultiValueHeaders() == null ? Map.of()
        : e.getMultiValueHeaders());
    single.keySet().removeIf(k -> k != null && k.equalsIgnoreCase(name));
    multi.keySet().removeIf(k -> k != null && k.equalsIgnoreCase(name));
    if (value != null) {
      single.put(name, value);
      multi.put(name, List.of(value));
    }
    e.setHeaders(single);
    e.setMultiValueHeaders(multi);
    return e;
  }

  /** Sets {@code single} as the event's headers, and the multi-value map API Gateway would send with it. */
  static AuthorizerRequestEvent withHeaders(AuthorizerRequestEvent e, Map<String, String> single) {
    e.setHeaders(single);
    if (single == null) {
      e.setMultiValueHeaders(null);
      return e;
    }
    Map<String, List<String>> multi = new HashMap<>();
    single.forEach((k, v) -> multi.put(k, v == null ? null : List.of(v)));
    e.setMultiValueHeaders(multi);
    return e;
  }

  /** Whether the policy allows the call. */
  static boolean allows(IamPolicyResponseV1 p) {
    Object statements = p.getPolicyDocument().get("Statement");
    Object first = statements instanceof Object[] a ? a[0] : ((java.util.List<?>) statements).get(0);
    return IamPolicyResponseV1.ALLOW.equals(((Map<?, ?>) first).get("Effect"));
  }

  /** Whether the policy is an allow answered without Redis (failMode open). */
  static boolean failedOpen(IamPolicyResponseV1 p) {
    return Boolean.TRUE.equals(p.getContext().get("failOpen"));
  }
}
