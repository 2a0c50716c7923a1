package dev.tollgate.bench;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.authorizer.AuthorizerRequestEvent;
import dev.tollgate.authorizer.UsageAuthorizerHandler;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.Authenticators;
import dev.tollgate.redis.RedisApiKeyStore;
import dev.tollgate.redis.RedisPendingIndex;
import dev.tollgate.redis.RedisUsageStore;
import dev.tollgate.usage.Gate;
import dev.tollgate.usage.UsageGate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/** The parts the bench runs: the example config with a chosen limit, handlers, tokens and events. */
final class Fixtures {
  static final String SAMPLE_SECRET = "tollgate-sample-secret-0123456789abcdef";
  static final Path ROOT = Path.of(System.getProperty("tollgate.root", "."));
  static final Path EVENTS = ROOT.resolve("events/authorizer");

  private Fixtures() {}

  /** The project's gating.yaml with the free limit set to {@code freeLimit}, identity JWT or API key. */
  static GatingConfig config(long freeLimit, boolean apiKey) throws IOException {
    String yaml = Files.readString(ROOT.resolve("gating.yaml"))
        .replace("free: 100,", "free: " + freeLimit + ",");
    if (apiKey) {
      yaml = yaml.replaceAll("(?s)identity:.*?emailClaim: email\n", "identity:\n  type: apiKey\n  header: Authorization\n");
    }
    return ConfigLoader.parse(yaml, "gating.yaml (bench, free limit " + freeLimit + (apiKey ? ", apiKey" : "") + ")");
  }

  /**
   * bench/all-conditions.yaml (every condition: cost, member share, credits, overage, thresholds
   * and a feature gate on the same route) with every limit and member share set to {@code limit}.
   */
  static GatingConfig allConditions(long limit) throws IOException {
    String yaml = Files.readString(ROOT.resolve("bench/all-conditions.yaml"))
        .replace("{ free: 100, paid: 100 }", "{ free: " + limit + ", paid: " + limit + " }");
    return ConfigLoader.parse(yaml, "bench/all-conditions.yaml (limits " + limit + ")");
  }

  static RedisUsageStore store(GatingConfig config, UnifiedJedis redis) {
    return RedisUsageStore.forConfig(redis, config);
  }

  static UsageGate gate(GatingConfig config, UnifiedJedis redis) {
    return new UsageGate(config, store(config, redis), new RedisPendingIndex(redis));
  }

  /** The handler as its test constructor wires it (the same parts as the no-arg constructor builds). */
  static UsageAuthorizerHandler handler(GatingConfig config, UnifiedJedis redis, Clock clock) {
    return new UsageAuthorizerHandler(
        Authenticators.fromConfig(config.identity(), Map.of("JWT_SECRET", SAMPLE_SECRET), new RedisApiKeyStore(redis)),
        gate(config, redis), clock);
  }

  /** The gates the sample request (POST /api/features/search) falls under. */
  static List<Gate> sampleGates(GatingConfig config) {
    AuthorizerRequestEvent e = event("allowed.json");
    return new UsageGate(config, null, null).matcher().match(e.gateRequest(e.requestHeaders()));
  }

  /** An HS256 token for {@code userId} signed with the sample secret, valid for a day. */
  static String token(MACSigner signer, String userId, Instant now) {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(userId).claim("email", userId + "@example.com")
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofDays(1)))).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  static MACSigner signer() {
    try {
      return new MACSigner(SAMPLE_SECRET.getBytes(StandardCharsets.UTF_8));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** events/authorizer/{@code name} as Lambda would deserialize it. */
  static AuthorizerRequestEvent event(String name) {
    return EventLoader.loadEvent(EVENTS.resolve(name).toString(), AuthorizerRequestEvent.class);
  }

  /**
   * A copy of {@code base} whose only difference is header {@code name} = {@code value}
   * (Authorization removed), in both header maps as API Gateway sends them.
   */
  static AuthorizerRequestEvent withHeader(AuthorizerRequestEvent base, String name, String value) {
    AuthorizerRequestEvent e = new AuthorizerRequestEvent();
    e.setType(base.getType());
    e.setMethodArn(base.getMethodArn());
    e.setResource(base.getResource());
    e.setPath(base.getPath());
    e.setHttpMethod(base.getHttpMethod());
    Map<String, String> headers = new HashMap<>(base.getHeaders());
    headers.remove("Authorization");
    headers.put(name, value);
    e.setHeaders(headers);
    Map<String, List<String>> multi = new HashMap<>(base.getMultiValueHeaders());
    multi.remove("Authorization");
    multi.put(name, List.of(value));
    e.setMultiValueHeaders(multi);
    e.setPathParameters(base.getPathParameters());
    e.setRequestContext(base.getRequestContext());
    return e;
  }

  /** One request event per user id, each with that user's bearer token. */
  static AuthorizerRequestEvent[] jwtEvents(String[] users) {
    AuthorizerRequestEvent base = event("allowed.json");
    MACSigner signer = signer();
    Instant now = Instant.now();
    AuthorizerRequestEvent[] out = new AuthorizerRequestEvent[users.length];
    for (int i = 0; i < users.length; i++) {
      out[i] = withHeader(base, "Authorization", "Bearer " + token(signer, users[i], now));
    }
    return out;
  }

  /** {@code n} user ids like an identity provider's (30 characters), unique to this run. */
  static String[] users(String run, int n) {
    String[] u = new String[n];
    for (int i = 0; i < n; i++) {
      u[i] = String.format("auth0|%s%016x", run, i);
    }
    return u;
  }

  /** The personal account of user {@code id}. */
  static dev.tollgate.identity.AccountId account(String id) {
    return dev.tollgate.identity.AccountId.personal(dev.tollgate.identity.UserId.of(id));
  }

  /** The arguments of one counting decision of {@code user} now, as the store would send them (no deadline). */
  static java.util.List<byte[]> rawArgs(RedisUsageStore store, String user, java.util.List<Gate> gates) {
    java.time.Instant now = java.time.Instant.now();
    return store.codec().args(store.script(gates), dev.tollgate.usage.UsageCall.personal(user, gates, now), true,
        store.monthArgs(now.toEpochMilli()));
  }
}
