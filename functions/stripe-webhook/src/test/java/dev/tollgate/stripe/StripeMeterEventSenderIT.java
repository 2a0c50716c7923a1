package dev.tollgate.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.StripeClient;
import dev.tollgate.email.MutableClock;
import dev.tollgate.meter.MeterEvent;
import dev.tollgate.meter.MeterResult;
import dev.tollgate.meter.StripeLikeMeters;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How Stripe's answers to {@code POST /v1/billing/meter_events} map to what the reporter does. */
class StripeMeterEventSenderIT {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  final MutableClock clock = new MutableClock(T0);
  final StripeLikeMeters stripe = new StripeLikeMeters(clock);
  final MeterEvent event = new MeterEvent("@acme|api_requests|0-5", "api_requests", "cus_A", 5, T0.getEpochSecond());

  @Test
  void anEventIsPostedFormEncodedAndAReplayStripeRefusesAsADuplicateCountsAsReported() throws Exception {
    try (FakeStripeMeters fake = new FakeStripeMeters(stripe)) {
      StripeMeterEventSender sender = new StripeMeterEventSender(fake.client());
      assertThat(sender.send(event)).isEqualTo(new MeterResult.Accepted(false));
      assertThat(sender.send(event)).isEqualTo(new MeterResult.Accepted(true));
      assertThat(fake.forms().get(0)).containsEntry("payload[value]", "5").containsEntry("identifier",
          "@acme|api_requests|0-5").containsEntry("timestamp", Long.toString(T0.getEpochSecond()));
    }
    assertThat(stripe.billed("cus_A", "api_requests")).isEqualTo(5);
  }

  @Test
  void aRefusalIsRefusedWithStripesReason() throws Exception {
    stripe.refuse("cus_A", "No such customer: 'cus_A'");
    try (FakeStripeMeters fake = new FakeStripeMeters(stripe)) {
      assertThat(new StripeMeterEventSender(fake.client()).send(event)).isInstanceOfSatisfying(
          MeterResult.Refused.class, r -> assertThat(r.reason()).contains("HTTP 400").contains("No such customer"));
    }
  }

  @Test
  void aServerErrorMayHaveReachedStripeAndAWrongKeyDidNot() throws Exception {
    stripe.loseNextAnswer();
    try (FakeStripeMeters fake = new FakeStripeMeters(stripe)) {
      assertThat(new StripeMeterEventSender(fake.client()).send(event)).isInstanceOfSatisfying(
          MeterResult.Unavailable.class, u -> assertThat(u.mayHaveReachedStripe()).isTrue());
      StripeClient wrongKey = StripeClient.builder().setApiKey("pk_test_publishable").setApiBase(fake.base())
          .setMaxNetworkRetries(0).build();
      assertThat(new StripeMeterEventSender(wrongKey).send(event)).isInstanceOfSatisfying(
          MeterResult.Unavailable.class, u -> {
            assertThat(u.mayHaveReachedStripe()).isFalse();
            assertThat(u.reason()).contains("401");
          });
    }
  }
}
