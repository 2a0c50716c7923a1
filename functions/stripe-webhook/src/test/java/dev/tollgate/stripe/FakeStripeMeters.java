package dev.tollgate.stripe;

import com.stripe.StripeClient;
import dev.tollgate.meter.MeterEvent;
import dev.tollgate.meter.StripeLikeMeters;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A local Stripe speaking its wire format for {@code POST /v1/billing/meter_events}: a
 * form-encoded body with {@code event_name}, {@code payload[stripe_customer_id]},
 * {@code payload[value]}, {@code timestamp}, {@code identifier}; a {@code billing.meter_event}
 * JSON answer; Stripe's error JSON ({@code {"error": {"type", "message", "code", "param"}}}) with
 * its statuses: 400 for a missing parameter, a refused customer or an identifier already held
 * ("An event already exists with identifier X."), 401 without a secret key, 500 when the
 * answer is lost after recording, 503 when unavailable. What it records is decided by a
 * {@link StripeLikeMeters} (shared with port-level tests).
 */
final class FakeStripeMeters implements AutoCloseable {
  private final StripeLikeMeters stripe;
  private final MockWebServer server = new MockWebServer();
  private final List<Map<String, String>> forms = new CopyOnWriteArrayList<>();

  FakeStripeMeters(StripeLikeMeters stripe) throws IOException {
    this.stripe = stripe;
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        return answer(r);
      }
    });
    server.start();
  }

  /** A stripe-java client pointed at this fake (no network retries of its own). */
  StripeClient client() {
    return StripeClient.builder().setApiKey("sk_test_local").setApiBase(base()).setMaxNetworkRetries(0).build();
  }

  /** The API base URL stripe-java is given. */
  String base() {
    return server.url("/").toString().replaceAll("/$", "");
  }

  /** Every request body, decoded. */
  List<Map<String, String>> forms() {
    return forms;
  }

  private MockResponse answer(RecordedRequest r) {
    String auth = r.getHeaders().get("Authorization");
    if (auth == null || !auth.startsWith("Bearer sk_")) {
      return error(401, "invalid_request_error", null, null, "You did not provide an API key.");
    }
    if (!"POST".equals(r.getMethod()) || !r.getTarget().equals("/v1/billing/meter_events")) {
      return error(404, "invalid_request_error", null, null, "Unrecognized request URL (" + r.getMethod() + ": "
          + r.getTarget() + ").");
    }
    String type = r.getHeaders().get("Content-Type");
    if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
      return error(400, "invalid_request_error", null, null, "Invalid request: expected a form-encoded body");
    }
    Map<String, String> f = form(r.getBody() == null ? "" : r.getBody().utf8());
    forms.add(f);
    for (String p : List.of("event_name", "payload[stripe_customer_id]", "payload[value]", "identifier", "timestamp")) {
      if (!f.containsKey(p)) {
        return error(400, "invalid_request_error", "parameter_missing", p, "Missing required param: " + p + ".");
      }
    }
    MeterEvent e = new MeterEvent(f.get("identifier"), f.get("event_name"), f.get("payload[stripe_customer_id]"),
        Long.parseLong(f.get("payload[value]")), Long.parseLong(f.get("timestamp")));
    return switch (stripe.take(e)) {
      case RECORDED -> new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
          .addHeader("Request-Id", "req_local").body(json(e)).build();
      case DUPLICATE -> error(400, "invalid_request_error", null, null, "An event already exists with identifier "
          + e.identifier() + ".");
      case REFUSED -> error(400, "invalid_request_error", "resource_missing", "payload[stripe_customer_id]",
          stripe.refusal(e.customer()));
      case LOST_ANSWER -> error(500, "api_error", null, null, "An unknown error occurred");
      case UNAVAILABLE -> error(503, "api_error", null, null, "Stripe is temporarily unavailable");
    };
  }

  private static String json(MeterEvent e) {
    return "{\"object\":\"billing.meter_event\",\"created\":" + e.timestamp() + ",\"event_name\":\"" + e.eventName()
        + "\",\"identifier\":\"" + e.identifier().replace("\"", "\\\"") + "\",\"livemode\":false,\"payload\":"
        + "{\"stripe_customer_id\":\"" + e.customer() + "\",\"value\":\"" + e.value() + "\"},\"timestamp\":"
        + e.timestamp() + "}";
  }

  private static MockResponse error(int status, String type, String code, String param, String message) {
    StringBuilder b = new StringBuilder("{\"error\":{\"type\":\"").append(type).append("\",\"message\":\"")
        .append(message.replace("\"", "\\\"")).append('"');
    if (code != null) {
      b.append(",\"code\":\"").append(code).append('"');
    }
    if (param != null) {
      b.append(",\"param\":\"").append(param).append('"');
    }
    b.append(",\"request_log_url\":\"https://dashboard.stripe.com/test/logs/req_local\"}}");
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
        .addHeader("Request-Id", "req_local").addHeader("Stripe-Should-Retry", status >= 500 ? "true" : "false")
        .body(b.toString()).build();
  }

  static Map<String, String> form(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
