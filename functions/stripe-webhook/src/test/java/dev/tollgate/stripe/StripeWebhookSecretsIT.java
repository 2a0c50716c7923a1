package dev.tollgate.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.testing.LogCapture;
import dev.tollgate.testing.RedisProcess;
import dev.tollgate.testing.SecretScanner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The webhook handler logging to stdout as in Lambda, through applied events, bad and
 * missing signatures, a signature header that is the secret itself, garbage, and a
 * password-protected Redis that dies: no log line and no response holds the webhook secret
 * or the Redis AUTH password.
 */
class StripeWebhookSecretsIT {
  static final String REDIS_PASSWORD = "redis-auth-Pa55word-webhook-91c2";

  @Test
  void noSecretReachesALogLineOrAResponse() {
    List<String> bodies = new ArrayList<>();
    try (RedisProcess server = protectedRedis();
        UnifiedJedis redis = RedisConnector.connect(server.url(), REDIS_PASSWORD, Duration.ofMillis(200),
            Duration.ofMillis(250));
        LogCapture logs = LogCapture.start()) {
      StripeWebhookHandler h = WebhookRig.handler(redis, System.out::println);
      SignedEvents ev = new SignedEvents();
      long ts = WebhookRig.NOW.getEpochSecond();
      bodies.add(WebhookRig.send(h, ev, "checkout.session.completed.json").getBody());
      APIGatewayProxyRequestEvent wrong = ev.load("customer.subscription.updated.json", "whsec_wrong", ts);
      bodies.add(h.handleRequest(wrong, null).getBody());
      APIGatewayProxyRequestEvent secretAsHeader = ev.load("customer.subscription.updated.json", SignedEvents.SECRET, ts);
      secretAsHeader.setHeaders(Map.of("Stripe-Signature", SignedEvents.SECRET));
      bodies.add(h.handleRequest(secretAsHeader, null).getBody());
      APIGatewayProxyRequestEvent secretInBody = new APIGatewayProxyRequestEvent().withBody(SignedEvents.SECRET)
          .withHeaders(Map.of("Stripe-Signature", SignedEvents.sign(SignedEvents.SECRET, SignedEvents.SECRET, ts)));
      bodies.add(h.handleRequest(secretInBody, null).getBody());
      bodies.add(h.handleRequest(new APIGatewayProxyRequestEvent().withBody("{}"), null).getBody());
      server.kill();
      int status = WebhookRig.send(h, ev, "customer.subscription.updated.json").getStatusCode();
      assertThat(status).isEqualTo(500);
      String[] secrets = {SignedEvents.SECRET, REDIS_PASSWORD};
      String text = logs.text();
      assertThat(text).contains("rejected (400)", "Stripe will retry");
      SecretScanner.assertNoSecrets(text, secrets);
      SecretScanner.assertNoSecrets(String.join("\n", bodies), secrets);
    }
  }

  /** A redis-server that requires {@link #REDIS_PASSWORD}. */
  static RedisProcess protectedRedis() {
    RedisProcess server = RedisProcess.start();
    server.requirePassword(REDIS_PASSWORD);
    return server;
  }
}
