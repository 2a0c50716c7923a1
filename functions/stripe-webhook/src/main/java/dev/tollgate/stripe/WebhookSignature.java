package dev.tollgate.stripe;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Checks a {@code Stripe-Signature} header with stripe-java against each configured secret
 * (several during a secret roll). Only the signature is checked here; the body is read
 * version-independently afterwards.
 */
final class WebhookSignature {
  private final List<String> secrets;
  private final long toleranceSeconds;
  private final Clock clock;

  WebhookSignature(List<String> secrets, Duration tolerance, Clock clock) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("STRIPE_WEBHOOK_SECRET is empty: set it to the endpoint's whsec_... secret "
          + "(comma-separated during a secret roll)");
    }
    this.secrets = List.copyOf(secrets);
    this.toleranceSeconds = tolerance.toSeconds();
    this.clock = clock;
  }

  /** Secrets from a comma-separated list. */
  static List<String> split(String commaSeparated) {
    return commaSeparated == null ? List.of()
        : Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** Null when {@code header} signs {@code payload} with one of the secrets, else why not (safe to log). */
  String problem(String payload, String header) {
    if (header == null || header.isBlank()) {
      return "missing Stripe-Signature header";
    }
    String last = "signature does not match";
    for (String secret : secrets) {
      try {
        Webhook.Signature.verifyHeader(payload, header, secret, toleranceSeconds, clock);
        return null;
      } catch (SignatureVerificationException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("tolerance")) {
          return "timestamp outside the tolerance of " + toleranceSeconds + "s";
        }
        if (m.contains("Unable to extract") || m.contains("No signatures found with expected scheme")) {
          last = "malformed Stripe-Signature header";
        }
      } catch (RuntimeException e) {
        // stripe-java throws NumberFormatException (not SignatureVerificationException) for "t=abc"
        last = "malformed Stripe-Signature header";
      }
    }
    return last;
  }
}
