package dev.tollgate.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.param.billing.MeterEventCreateParams;
import dev.tollgate.meter.MeterEvent;
import dev.tollgate.meter.MeterEventSender;
import dev.tollgate.meter.MeterResult;
import java.time.Duration;

/**
 * Reports meter events through stripe-java: {@code POST /v1/billing/meter_events} with
 * {@code event_name}, {@code payload[stripe_customer_id]}, {@code payload[value]},
 * {@code timestamp} and {@code identifier}. Stripe refuses an identifier it already holds
 * ("An event already exists with identifier ..."): that is a replay of an event it recorded, so
 * it counts as reported. No fixed idempotency key is sent: Stripe would answer a replay under it
 * with a saved 500 for 24 hours; the identifier is what de-duplicates.
 */
public final class StripeMeterEventSender implements MeterEventSender {
  /** The start of Stripe's message refusing an identifier it already holds. */
  static final String ALREADY_EXISTS = "An event already exists with identifier";

  private final StripeClient stripe;

  /** A sender through {@code stripe}. */
  public StripeMeterEventSender(StripeClient stripe) {
    this.stripe = stripe;
  }

  @Override
  public MeterResult send(MeterEvent e) {
    MeterEventCreateParams params = MeterEventCreateParams.builder().setEventName(e.eventName())
        .putPayload("stripe_customer_id", e.customer()).putPayload("value", Long.toString(e.value()))
        .setTimestamp(e.timestamp()).setIdentifier(e.identifier()).build();
    try {
      stripe.v1().billing().meterEvents().create(params);
      return new MeterResult.Accepted(false);
    } catch (InvalidRequestException | IdempotencyException x) {
      if (x.getStripeError() != null && x.getStripeError().getMessage() != null
          && x.getStripeError().getMessage().startsWith(ALREADY_EXISTS)) {
        return new MeterResult.Accepted(true);
      }
      return new MeterResult.Refused(describe(x));
    } catch (AuthenticationException x) {
      // the key is wrong or lacks the permission (PermissionException is one): nothing was recorded; retry later
      return new MeterResult.Unavailable(describe(x), Duration.ZERO, false);
    } catch (RateLimitException x) {
      return new MeterResult.Unavailable(describe(x), Duration.ofSeconds(1), false);
    } catch (ApiConnectionException x) {
      return new MeterResult.Unavailable(describe(x), Duration.ZERO, true);
    } catch (StripeException x) {
      return new MeterResult.Unavailable(describe(x), Duration.ZERO, true);
    }
  }

  private static String describe(StripeException x) {
    String msg = x.getStripeError() != null && x.getStripeError().getMessage() != null ? x.getStripeError().getMessage()
        : x.getMessage();
    return (x.getStatusCode() == null ? "no answer" : "HTTP " + x.getStatusCode()) + (x.getCode() == null ? ""
        : " " + x.getCode()) + ": " + msg;
  }
}
