package dev.tollgate.stripe;

import dev.tollgate.meter.MeterEventSender;
import dev.tollgate.meter.MeterStores;
import dev.tollgate.meter.ReportOnceScenarios;
import dev.tollgate.meter.StripeLikeMeters;
import dev.tollgate.redis.RedisMeterStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.AfterEach;

/**
 * The exactly-once scenarios end to end: real Redis (overage counted by the decision script),
 * stripe-java, and a fake Stripe speaking its wire format (duplicate identifiers refused as
 * Stripe refuses them, lost answers as 500s).
 */
class UsageReportOnceStripeIT extends ReportOnceScenarios {
  private FakeStripeMeters fake;

  @Override
  protected MeterStores stores() {
    return RedisMeterStores.server();
  }

  @Override
  protected MeterEventSender sender(StripeLikeMeters stripe) {
    try {
      if (fake == null) {
        fake = new FakeStripeMeters(stripe);
      }
      return new StripeMeterEventSender(fake.client());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterEach
  void stop() throws IOException {
    if (fake != null) {
      fake.close();
    }
  }
}
