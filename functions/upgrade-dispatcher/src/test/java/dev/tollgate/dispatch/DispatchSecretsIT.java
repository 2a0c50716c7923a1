package dev.tollgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.tollgate.email.EmailJob;
import dev.tollgate.email.MutableClock;
import dev.tollgate.email.SendBatch;
import dev.tollgate.email.SendResult;
import dev.tollgate.email.Sequences;
import dev.tollgate.email.UnsubscribeLinks;
import dev.tollgate.email.UpgradeEmailDispatcher;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.redis.RedisEmailProfiles;
import dev.tollgate.redis.RedisFunnel;
import dev.tollgate.redis.RedisEmailQueue;
import dev.tollgate.testing.LogCapture;
import dev.tollgate.testing.RedisProcess;
import dev.tollgate.testing.SecretScanner;
import dev.tollgate.usage.LimitReached;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The dispatcher sending through resend-java to a local fake Resend that answers 401, 500,
 * 422 and then 200, the unsubscribe handler refusing forged links, and a password-protected
 * Redis that dies mid-way: no log line, exception, dead-letter reason or response holds the
 * Resend API key, the unsubscribe signing secret or the Redis AUTH password.
 */
class DispatchSecretsIT {
  static final String RESEND_KEY = "re_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0";
  static final String UNSUBSCRIBE_SECRET = "unsubscribe-signing-secret-4c1d2e3f";
  static final String REDIS_PASSWORD = "redis-auth-Pa55word-dispatch-5d1e";

  @Test
  void noSecretReachesALogLineAnExceptionOrADeadLetter() throws Exception {
    List<String> seen = new ArrayList<>();
    List<RuntimeException> thrown = new ArrayList<>();
    try (RedisProcess server = protectedRedis();
        UnifiedJedis redis = RedisConnector.connect(server.url(), REDIS_PASSWORD, Duration.ofMillis(200),
            Duration.ofMillis(250));
        MockWebServer resend = new MockWebServer();
        LogCapture logs = LogCapture.start()) {
      resend.start();
      resend.enqueue(new MockResponse.Builder().code(401).body("{\"statusCode\":401,\"name\":\"validation_error\","
          + "\"message\":\"API key is invalid\"}").build());
      resend.enqueue(new MockResponse.Builder().code(500).body("{\"message\":\"internal\"}").build());
      resend.enqueue(new MockResponse.Builder().code(422).body("{\"statusCode\":422,\"message\":\"Invalid `to`\"}").build());
      ResendEmailSender sender = new ResendEmailSender(RESEND_KEY, resend.url("/").toString());
      List<dev.tollgate.email.OutgoingEmail> one = List.of(ResendEmailSenderIT.email(1));
      for (int i = 0; i < 3; i++) {
        for (SendResult r : sender.send(SendBatch.keyFor(one), one)) {
          seen.add(r.toString());
        }
      }
      MutableClock clock = new MutableClock(UpgradeEmailDispatchFaultIT.T0);
      RedisEmailQueue queue = new RedisEmailQueue(redis, "secrets");
      UnsubscribeLinks links = new UnsubscribeLinks("https://api.acme.dev/email/unsubscribe", UNSUBSCRIBE_SECRET);
      RedisEmailProfiles profiles = new RedisEmailProfiles(redis, Duration.ofDays(30));
      queue.schedule(Sequences.jobsFor(new LimitReached("sec-user", "s@example.com", "features", "features", "free",
          100, 100, clock.instant(), clock.instant().plus(Duration.ofDays(30)), clock.instant()),
          UpgradeEmailDispatchFaultIT.CONFIG.email().orElseThrow().templates().get("upgrade_prompt")), clock.instant());
      UpgradeEmailDispatchHandler handler = new UpgradeEmailDispatchHandler(new UpgradeEmailDispatcher(
          UpgradeEmailDispatchFaultIT.CONFIG, queue, queue.journal(), profiles, new RedisFunnel(redis), sender, links, clock,
          clock.sleeper()), clock, seen::add);
      resend.enqueue(new MockResponse.Builder().code(401).body("{\"message\":\"API key is invalid\"}").build());
      seen.add(handler.handleRequest(null, null).toString());
      for (EmailJob dead : queue.deadLetters(10)) {
        seen.add(dead.lastError());
      }
      UnsubscribeHandler unsubscribe = new UnsubscribeHandler(profiles, links, clock);
      seen.add(unsubscribe.handleRequest(oneClick()
          .withQueryStringParameters(Map.of("u", "sec-user", "s", "forged")), null).getBody());
      seen.add(unsubscribe.handleRequest(oneClick()
          .withQueryStringParameters(Map.of("u", "sec-user", "s", links.signature("sec-user"))), null).getBody());
      server.kill();
      try {
        handler.handleRequest(null, null);
      } catch (RuntimeException e) {
        thrown.add(e);
      }
      try {
        unsubscribe.handleRequest(oneClick()
            .withQueryStringParameters(Map.of("u", "sec-user", "s", links.signature("sec-user"))), null);
      } catch (RuntimeException e) {
        thrown.add(e);
      }
      assertThat(thrown).as("a dead Redis fails the run (the next scheduled run resumes)").isNotEmpty();
      String[] secrets = {RESEND_KEY, UNSUBSCRIBE_SECRET, REDIS_PASSWORD};
      SecretScanner.assertNoSecrets(logs.text(), secrets);
      SecretScanner.assertNoSecrets(String.join("\n", seen), secrets);
      for (RuntimeException e : thrown) {
        SecretScanner.assertNoSecrets(e, secrets);
      }
      assertThat(String.join("\n", seen)).contains("401");
    }
  }

  /** An RFC 8058 one-click POST, as mail clients send it. */
  static APIGatewayProxyRequestEvent oneClick() {
    return new APIGatewayProxyRequestEvent().withHttpMethod("POST")
        .withHeaders(Map.of("Content-Type", "application/x-www-form-urlencoded")).withBody("List-Unsubscribe=One-Click");
  }

  /** A redis-server that requires {@link #REDIS_PASSWORD}. */
  static RedisProcess protectedRedis() {
    RedisProcess server = RedisProcess.start();
    server.requirePassword(REDIS_PASSWORD);
    return server;
  }
}
