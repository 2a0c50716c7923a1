package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.google.gson.JsonObject;
import com.stripe.net.Webhook;
import dev.tollgate.authorizer.AuthorizerRequestEvent;
import dev.tollgate.authorizer.AuthorizerWiring;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.stripe.WebhookWiring;
import dev.tollgate.testing.TestRedis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * A feature granted only by Stripe Entitlements, end to end on a real Redis: the deployed
 * authorizer and webhook (their own wiring, Lambda's event serialization) share one Redis; the
 * webhook receives the sample events really signed. The gate denies ({@code feature_unavailable})
 * until the entitlement summary arrives, allows once it has, and denies again once a newer
 * summary removes the feature.
 */
class StripeFeatureGateIT {
  static final Path EVENTS = Path.of("..", "events");
  static final String CONFIG = """
      loops:
        - name: export
          steps:
            - trigger: { type: api, endpoint: "/api/export/**", method: ANY }
              condition: { type: feature, feature: export }
              action: { type: block, message: "Export is a Pro feature." }
      plans:
        free: { default: true }
        paid: { stripePrices: [price_1PaidMonthly], features: [reports] }
      identity: { type: jwt, header: Authorization, jwt: { secretEnv: JWT_SECRET } }
      stripe: { entitlements: [export] }
      """;
  static final String WEBHOOK_SECRET = "whsec_feature_gate_test";

  private final Instant now = Instant.now();
  private final String user = TestRedis.uniqueUser("entitled");
  private final String customer = "cus_" + Long.toHexString(System.nanoTime());

  @Test
  void aStripeEntitlementOpensTheFeatureGateAndItsRemovalClosesItAgain() throws Exception {
    GatingConfig config = ConfigLoader.parse(CONFIG, "feature gate");
    Clock clock = Clock.systemUTC();
    try (UnifiedJedis redis = TestRedis.client()) {
      LambdaFunction<AuthorizerRequestEvent, ?> authorizer = LambdaFunction.of("AuthorizerFunction",
          AuthorizerRequestEvent.class, AuthorizerWiring.of(config, redis, Map.of("JWT_SECRET", DevDefaults.JWT_SECRET),
              l -> { }).handler(clock));
      LambdaFunction<APIGatewayProxyRequestEvent, ?> webhook = LambdaFunction.of("StripeWebhookFunction",
          APIGatewayProxyRequestEvent.class, WebhookWiring.of(config, redis, clock, l -> { })
              .handler(List.of(WEBHOOK_SECRET), l -> { }));
      String token = RefusedEmailClaimsIT.token(user, "ada@example.com", now);

      JsonObject before = call(authorizer, token);
      assertThat(effect(before)).isEqualTo("Deny");
      assertThat(before.getAsJsonObject("context").get("code").getAsString()).isEqualTo("feature_unavailable");
      assertThat(before.getAsJsonObject("context").get("message").getAsString()).isEqualTo("Export is a Pro feature.");

      assertThat(send(webhook, "checkout.session.completed.json")).contains("\"statusCode\":200");
      assertThat(send(webhook, "entitlements.active_entitlement_summary.updated.json")).contains("\"statusCode\":200");
      JsonObject granted = call(authorizer, token);
      assertThat(effect(granted)).as("the entitlement arrived").isEqualTo("Allow");
      assertThat(granted.getAsJsonObject("context").get("plan").getAsString()).as("no plan lists it").isEqualTo("free");

      assertThat(send(webhook, "entitlements.active_entitlement_summary.updated.removed.json"))
          .contains("\"statusCode\":200");
      JsonObject removed = call(authorizer, token);
      assertThat(effect(removed)).as("the entitlement was removed").isEqualTo("Deny");
      assertThat(removed.getAsJsonObject("context").get("code").getAsString()).isEqualTo("feature_unavailable");
    }
  }

  /** {@code events/authorizer/allowed.json} on {@code GET /api/export/report} with this test's token. */
  private JsonObject call(LambdaFunction<AuthorizerRequestEvent, ?> authorizer, String token) throws Exception {
    JsonObject event = Json.object(Files.readString(EVENTS.resolve("authorizer/allowed.json")));
    event.addProperty("httpMethod", "GET");
    event.addProperty("path", "/api/export/report");
    event.getAsJsonObject("pathParameters").addProperty("proxy", "api/export/report");
    event.getAsJsonObject("requestContext").addProperty("httpMethod", "GET");
    event.getAsJsonObject("headers").addProperty("Authorization", "Bearer " + token);
    event.getAsJsonObject("multiValueHeaders").add("Authorization", Json.GSON.toJsonTree(new String[] {"Bearer " + token}));
    byte[] out = authorizer.invoke(Json.GSON.toJson(event).getBytes(StandardCharsets.UTF_8), null);
    return Json.object(new String(out, StandardCharsets.UTF_8));
  }

  private static String effect(JsonObject policy) {
    return policy.getAsJsonObject("policyDocument").getAsJsonArray("Statement").get(0).getAsJsonObject().get("Effect")
        .getAsString();
  }

  /** A webhook sample for this test's user and customer, signed now as Stripe signs; the webhook's answer. */
  private String send(LambdaFunction<APIGatewayProxyRequestEvent, ?> webhook, String sample) throws Exception {
    JsonObject event = Json.object(Files.readString(EVENTS.resolve("stripe-webhook").resolve(sample)));
    String body = event.get("body").getAsString().replace("user_42", user).replace("cus_QtgDemo0001", customer)
        .replace("evt_1QtgDemo", "evt_" + customer + "_");
    event.addProperty("body", body);
    event.getAsJsonObject("headers").addProperty("Stripe-Signature",
        Webhook.Signature.generateSignatureHeader(body, WEBHOOK_SECRET, now.getEpochSecond()));
    return new String(webhook.invoke(Json.GSON.toJson(event).getBytes(StandardCharsets.UTF_8), null),
        StandardCharsets.UTF_8);
  }
}
