package dev.tollgate.stripe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.tollgate.json.JsonText;
import dev.tollgate.plan.PlanSync;
import dev.tollgate.plan.StripeEvent;
import dev.tollgate.plan.StripeEventParser;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code POST /stripe/webhook}: verifies Stripe's signature, then keeps accounts' plans and
 * conversions in step through {@link PlanSync}. Only a bad request is 4xx: 400 for a
 * bad/missing signature, an old timestamp, a body that is not an event or an event with
 * unusable ids (nothing changes); 200 for applied, duplicate, stale and ignored events; 500
 * for anything that fails after the request was accepted, so Stripe retries.
 */
public final class StripeWebhookHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
  /** Environment variable with the endpoint's signing secret(s), comma-separated during a roll. */
  public static final String SECRET_ENV = "STRIPE_WEBHOOK_SECRET";

  private final PlanSync sync;
  private final WebhookSignature signature;
  private final Consumer<String> log;

  /** Reads REDIS_URL, REDIS_AUTH, STRIPE_WEBHOOK_SECRET and the config from the environment ({@link WebhookWiring}). */
  public StripeWebhookHandler() {
    this(System.getenv());
  }

  /** The deployed path over {@code env} (tests build it with Redis down). */
  StripeWebhookHandler(Map<String, String> env) {
    this(WebhookWiring.fromEnvironment(env), env.get(SECRET_ENV));
  }

  private StripeWebhookHandler(WebhookWiring wiring, String secrets) {
    this(wiring.sync(), secretsFrom(secrets), wiring.config().stripe().webhookTolerance(), wiring.clock(), System.out::println);
  }

  /**
   * A handler over {@code sync}, accepting signatures by any of {@code secrets} within
   * {@code tolerance} of {@code clock}; log lines go to {@code log}.
   */
  public StripeWebhookHandler(PlanSync sync, List<String> secrets, Duration tolerance, Clock clock, Consumer<String> log) {
    this.sync = sync;
    this.signature = new WebhookSignature(secrets, tolerance, clock);
    this.log = log;
  }

  /** The webhook secrets of a comma-separated {@code STRIPE_WEBHOOK_SECRET} (several during a roll). */
  public static List<String> secretsFrom(String commaSeparated) {
    return WebhookSignature.split(commaSeparated);
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent request, Context context) {
    String body = request.getBody() == null ? "" : request.getBody();
    if (Boolean.TRUE.equals(request.getIsBase64Encoded())) {
      try {
        body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return reject("body is marked base64 but is not valid base64");
      }
    }
    String problem = signature.problem(body, header(request.getHeaders(), "stripe-signature"));
    if (problem != null) {
      return reject(problem);
    }
    StripeEvent event;
    try {
      event = StripeEventParser.parse(body);
    } catch (IllegalArgumentException e) {
      return reject(e.getMessage());
    }
    try {
      PlanSync.Result r = sync.handle(event);
      String result = r.outcome().name().toLowerCase(Locale.ROOT);
      log.accept("stripe webhook " + event.id() + " " + event.type() + " (api " + event.apiVersion() + "): " + result
          + " — " + r.detail());
      return answer(200, "{\"received\":true,\"result\":\"" + result + "\",\"type\":\"" + JsonText.escape(event.type()) + "\"}");
    } catch (RuntimeException e) {
      // the request was good (checked above): whatever fails now is ours, and Stripe must retry
      // (a NumberFormatException from stored data is an IllegalArgumentException too: still 500)
      log.accept("stripe webhook " + event.id() + " " + event.type() + " failed, Stripe will retry: "
          + e.getClass().getSimpleName() + ": " + e.getMessage());
      return answer(500, "{\"error\":\"processing failed; retry later\"}");
    }
  }

  private APIGatewayProxyResponseEvent reject(String reason) {
    log.accept("stripe webhook rejected (400): " + reason);
    return answer(400, "{\"error\":\"" + JsonText.escape(reason) + "\"}");
  }

  private static String header(Map<String, String> headers, String name) {
    if (headers == null) {
      return null;
    }
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (h.getKey() != null && h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }


  private static APIGatewayProxyResponseEvent answer(int status, String body) {
    return new APIGatewayProxyResponseEvent().withStatusCode(status)
        .withHeaders(Map.of("Content-Type", "application/json")).withBody(body);
  }
}
