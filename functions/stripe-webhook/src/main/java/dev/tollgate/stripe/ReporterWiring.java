package dev.tollgate.stripe;

import com.stripe.StripeClient;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.email.OutboxEmailSender;
import dev.tollgate.meter.MeterEventSender;
import dev.tollgate.meter.OutboxMeterEventSender;
import dev.tollgate.meter.UsageReporter;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.redis.RedisMeterLedger;
import dev.tollgate.redis.RedisMeterQueue;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/**
 * Builds the usage reporter once per container from the environment: Stripe
 * ({@code STRIPE_API_KEY}; else meter events are written to {@code $TOLLGATE_OUTBOX/meter-events}),
 * the Redis client ({@code REDIS_URL}, {@code REDIS_AUTH}, timeouts from the config). The local
 * stack builds the same with {@link #reporter}.
 */
public final class ReporterWiring {
  /** The Stripe secret key's variable. */
  public static final String API_KEY_ENV = "STRIPE_API_KEY";
  /** Network retries stripe-java makes itself (same request, its own idempotency key). */
  static final int NETWORK_RETRIES = 2;

  private ReporterWiring() {}

  /** A deployed function's reporter; without a Stripe key it needs TOLLGATE_OUTBOX, or it would bill nobody. */
  static UsageReporter fromEnvironment(Map<String, String> env, Clock clock) {
    String key = env.get(API_KEY_ENV);
    String outbox = env.get(OutboxEmailSender.OUTBOX_ENV);
    if ((key == null || key.isBlank()) && (outbox == null || outbox.isBlank())) {
      throw new IllegalStateException("STRIPE_API_KEY is not set: the usage reporter would report overage to nobody "
          + "(set it, or TOLLGATE_OUTBOX to write meter events to files instead)");
    }
    GatingConfig config = ConfigLoader.fromEnvironment(env);
    UnifiedJedis redis = RedisConnector.fromEnvironment(env, config.redis());
    return reporter(redis, sender(env, Path.of(outbox == null || outbox.isBlank() ? "/tmp/outbox" : outbox)), clock);
  }

  /** Stripe when {@code STRIPE_API_KEY} is set in {@code env}, else one JSON file per event in {@code outbox}/meter-events. */
  public static MeterEventSender sender(Map<String, String> env, Path outbox) {
    return sender(env, outbox, null);
  }

  /**
   * {@link #sender(Map, Path)} with Stripe reached at {@code stripeApiBase} (null: Stripe's own
   * API; set only by tests and the local stack, as for reconcile).
   */
  public static MeterEventSender sender(Map<String, String> env, Path outbox, String stripeApiBase) {
    String key = env.get(API_KEY_ENV);
    if (key == null || key.isBlank()) {
      return new OutboxMeterEventSender(outbox.resolve(OutboxMeterEventSender.FOLDER));
    }
    return new StripeMeterEventSender(stripeClient(key, stripeApiBase));
  }

  /** A Stripe client with {@code key}, retrying {@value #NETWORK_RETRIES} times, at {@code apiBase} (null: Stripe's own). */
  static StripeClient stripeClient(String key, String apiBase) {
    StripeClient.StripeClientBuilder b = StripeClient.builder().setApiKey(key).setMaxNetworkRetries(NETWORK_RETRIES);
    if (apiBase != null) {
      b.setApiBase(apiBase);
    }
    return b.build();
  }

  /** The reporter over {@code redis}, reporting through {@code sender}, timed by {@code clock}. */
  public static UsageReporter reporter(UnifiedJedis redis, MeterEventSender sender, Clock clock) {
    return new UsageReporter(new RedisMeterLedger(redis), new RedisMeterQueue(redis, clock), sender, clock);
  }
}
