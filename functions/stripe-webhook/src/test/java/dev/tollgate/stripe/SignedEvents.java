package dev.tollgate.stripe;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.net.Webhook;
import dev.tollgate.testing.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The sample events of {@code events/stripe-webhook/}, with the ids of one test's user,
 * customer, subscription and events swapped in (Redis may be shared), really signed.
 */
final class SignedEvents {
  static final String SECRET = "whsec_test_tollgate";
  static final Path DIR = Path.of("../../events/stripe-webhook");
  final String user = TestRedis.uniqueUser("user");
  final String customer = "cus_" + Long.toHexString(System.nanoTime());
  final String subscription = "sub_" + Long.toHexString(System.nanoTime());
  private final String eventPrefix = "evt_" + Long.toHexString(System.nanoTime()) + "_";

  /** The sample {@code file}, rewritten for this test, signed by {@code secret} at {@code signedAt} (epoch s). */
  APIGatewayProxyRequestEvent load(String file, String secret, long signedAt) {
    APIGatewayProxyRequestEvent e = EventLoader.loadApiGatewayRestEvent(DIR.resolve(file).toString());
    String body = e.getBody().replace("user_42", user).replace("cus_QtgDemo0001", customer)
        .replace("sub_1QtgDemo0001", subscription).replace("evt_1QtgDemo", eventPrefix);
    e.setBody(body);
    Map<String, String> headers = new HashMap<>(e.getHeaders());
    headers.put("Stripe-Signature", sign(body, secret, signedAt));
    e.setHeaders(headers);
    return e;
  }

  /**
   * The sample {@code file}, rewritten for this test, then changed by {@code edit} (on the
   * event JSON: e.g. another account, status or time), signed by {@link #SECRET} at {@code signedAt}.
   */
  APIGatewayProxyRequestEvent edited(String file, Consumer<JsonObject> edit, long signedAt) {
    APIGatewayProxyRequestEvent e = load(file, SECRET, signedAt);
    JsonObject event = JsonParser.parseString(e.getBody()).getAsJsonObject();
    edit.accept(event);
    String body = event.toString();
    e.setBody(body);
    Map<String, String> headers = new HashMap<>(e.getHeaders());
    headers.put("Stripe-Signature", sign(body, SECRET, signedAt));
    e.setHeaders(headers);
    return e;
  }

  /** The {@code data.object} of an event. */
  static JsonObject object(JsonObject event) {
    return event.getAsJsonObject("data").getAsJsonObject("object");
  }

  static String sign(String body, String secret, long at) {
    try {
      return Webhook.Signature.generateSignatureHeader(body, secret, at);
    } catch (java.security.GeneralSecurityException ex) {
      throw new IllegalStateException(ex);
    }
  }

  static boolean exists(String file) {
    return Files.exists(DIR.resolve(file));
  }
}
