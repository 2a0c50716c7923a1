package dev.tollgate.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.tollgate.email.MutableClock;
import dev.tollgate.identity.AccountId;
import dev.tollgate.meter.StripeLikeMeters;
import dev.tollgate.redis.RedisMeterQueue;
import dev.tollgate.redis.RedisMeterStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** UsageReporterFunction's handler on the scheduled sample: real Redis, stripe-java, a fake Stripe. */
class UsageReporterHandlerIT {
  @Test
  void theScheduledSampleReportsIndexedOverageToStripeAndAnswersTheSummary() throws Exception {
    ScheduledEvent event = EventLoader.loadScheduledEvent(
        Path.of("../../events/usage-reporter/scheduled.json").toAbsolutePath().toString());
    Instant at = event.getTime().toDate().toInstant();
    MutableClock clock = new MutableClock(at);
    RedisMeterStores stores = RedisMeterStores.server();
    AccountId team = AccountId.organisation(stores.unique("acme").value());
    stores.link(team, "cus_QtgMeter0001");
    stores.overage(team, "api_requests", 7);
    stores.drain(team, new RedisMeterQueue(stores.redis(), clock));
    StripeLikeMeters stripe = new StripeLikeMeters(clock);
    List<String> metrics = new ArrayList<>();
    try (FakeStripeMeters fake = new FakeStripeMeters(stripe)) {
      UsageReporterHandler handler = new UsageReporterHandler(ReporterWiring.reporter(stores.redis(),
          new StripeMeterEventSender(fake.client()), clock), clock, metrics::add);
      Map<String, Object> out = handler.handleRequest(event, null);
      assertThat((long) out.get("units")).isGreaterThanOrEqualTo(7L);
      assertThat(fake.forms()).contains(Map.of("event_name", "api_requests", "payload[stripe_customer_id]",
          "cus_QtgMeter0001", "payload[value]", "7", "timestamp", Long.toString(at.getEpochSecond()),
          "identifier", team.value() + "|api_requests|0-7"));
    }
    assertThat(stripe.billed("cus_QtgMeter0001", "api_requests")).isEqualTo(7);
    assertThat(metrics).singleElement().asString().contains("\"MeterUnitsReported\"")
        .contains("\"Function\":\"UsageReporterFunction\"");
  }
}
