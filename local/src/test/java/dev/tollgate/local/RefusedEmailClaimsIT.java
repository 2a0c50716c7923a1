package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.authorizer.AuthorizerRequestEvent;
import dev.tollgate.authorizer.AuthorizerWiring;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.redis.Keys;
import dev.tollgate.testing.TestRedis;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * A token whose email claim is not exactly one address, through the deployed wiring on a real
 * Redis: the caller is let through without an email, and {@code tollgate report} counts the
 * refused claim.
 */
class RefusedEmailClaimsIT {
  static final Path EVENTS = Path.of("..", "events", "authorizer");

  @Test
  void aHostileEmailClaimIsCountedInTheReport() throws Exception {
    GatingConfig config = ConfigLoader.parse(Files.readString(Path.of("..", "gating.yaml")), "gating.yaml");
    Instant now = Instant.now();
    try (UnifiedJedis redis = TestRedis.client()) {
      long before = refusedInReport();
      AuthorizerWiring wiring = AuthorizerWiring.of(config, redis, Map.of("JWT_SECRET", DevDefaults.JWT_SECRET), l -> { });
      var authorizer = LambdaFunction.of("AuthorizerFunction", AuthorizerRequestEvent.class,
          wiring.handler(Clock.fixed(now, java.time.ZoneOffset.UTC)));
      String user = TestRedis.uniqueUser("hostile-email");
      JsonObject event = Json.object(Files.readString(EVENTS.resolve("ungated.json")));
      String header = "Bearer " + token(user, "ada@example.com\r\nBcc: everyone@example.com", now);
      event.getAsJsonObject("headers").addProperty("Authorization", header);
      event.getAsJsonObject("multiValueHeaders").add("Authorization", Json.GSON.toJsonTree(new String[] {header}));
      for (int i = 0; i < 3; i++) {
        byte[] out = authorizer.invoke(Json.GSON.toJson(event).getBytes(StandardCharsets.UTF_8), null);
        JsonObject policy = Json.object(new String(out, StandardCharsets.UTF_8));
        assertThat(policy.get("principalId").getAsString()).as("the caller is still who the token says").isEqualTo(user);
      }
      assertThat(refusedInReport()).as("counted once: later calls hit the verified-token cache").isEqualTo(before + 1);
      assertThat(redis.ttl(Keys.funnelDay(now.atZone(java.time.ZoneOffset.UTC).toLocalDate().toString())))
          .as("kept as long as the day's funnel").isPositive();
      assertThat(report()).contains("email claims refused (not exactly one address; those callers get no email): "
          + (before + 1));
    }
  }

  static long refusedInReport() {
    return Json.object(report("--json")).get("emailClaimsRefused").getAsLong();
  }

  static String report(String... extra) {
    StringWriter out = new StringWriter();
    String[] args = new String[4 + extra.length];
    args[0] = "report";
    args[1] = "--redis";
    args[2] = TestRedis.url();
    args[3] = "--config=../gating.yaml";
    System.arraycopy(extra, 0, args, 4, extra.length);
    int code = TollgateCli.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), args);
    assertThat(code).as(out.toString()).isZero();
    return out.toString();
  }

  static String token(String sub, String email, Instant now) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject(sub)
        .claim("email", email).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(1)))).build());
    jwt.sign(new MACSigner(DevDefaults.JWT_SECRET.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }
}
