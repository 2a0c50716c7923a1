package dev.tollgate.dispatch;

import dev.tollgate.activity.ActivityLimitEvents;
import dev.tollgate.checkout.UpgradeLinks;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.email.EmailProfiles;
import dev.tollgate.email.EmailSender;
import dev.tollgate.email.OutboxEmailSender;
import dev.tollgate.email.Sleeper;
import dev.tollgate.email.UnsubscribeLinks;
import dev.tollgate.email.UpgradeEmailDispatcher;
import dev.tollgate.events.EventPublisher;
import dev.tollgate.events.EventSink;
import dev.tollgate.events.EventingLimitEvents;
import dev.tollgate.events.FileEventSink;
import dev.tollgate.followup.ConversionAttribution;
import dev.tollgate.followup.CrossingFollowUps;
import dev.tollgate.followup.ExposureRecorder;
import dev.tollgate.followup.PendingDrainer;
import dev.tollgate.meter.MeterFollowUp;
import dev.tollgate.metrics.MeteredLimitEvents;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.redis.RedisEmailProfiles;
import dev.tollgate.redis.RedisEmailQueue;
import dev.tollgate.redis.RedisEventOutbox;
import dev.tollgate.redis.RedisExperimentLog;
import dev.tollgate.redis.RedisFunnel;
import dev.tollgate.redis.RedisLimitActivity;
import dev.tollgate.redis.RedisMeterLedger;
import dev.tollgate.redis.RedisMeterQueue;
import dev.tollgate.redis.RedisPendingWork;
import dev.tollgate.usage.LimitEvents;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import redis.clients.jedis.UnifiedJedis;

/**
 * Builds the long-lived parts of the upgrade dispatcher and the unsubscribe function once per
 * container from the environment: config ({@code TOLLGATE_CONFIG} or the bundled gating.yaml),
 * the unsubscribe link key ({@code UNSUBSCRIBE_SECRET}, needed only with an {@code email}
 * section), the Redis client ({@code REDIS_URL}, {@code REDIS_AUTH}) and the stores. The local
 * stack builds the same parts with {@link #of}.
 *
 * <p>Without an {@code email} section ({@code links} is null) the scheduled function still runs
 * everything but the emails: follow-up work (funnel, dashboard activity, experiments, overage
 * indexing) and events; the unsubscribe function refuses to start.
 */
public record DispatchWiring(GatingConfig config, UnifiedJedis redis, UnsubscribeLinks links, RedisEmailQueue queue,
    EmailProfiles profiles, Optional<UpgradeLinks> upgradeLinks) {
  /** Outbox folder of a deployed function when neither RESEND_API_KEY nor TOLLGATE_OUTBOX is set. */
  static final String DEFAULT_OUTBOX = "/tmp/outbox";
  /** Set by Lambda in every function's environment. */
  static final String LAMBDA_FUNCTION_ENV = "AWS_LAMBDA_FUNCTION_NAME";

  /** Where a deployed function's metrics go: stdout, one CloudWatch EMF line each (CloudWatch Logs reads them). */
  static final Consumer<String> LAMBDA_METRICS = System.out::println;

  /** The parts for a Lambda container; a missing unsubscribe secret (with email) fails before Redis is dialled. */
  static DispatchWiring fromEnvironment(Map<String, String> env) {
    GatingConfig config = ConfigLoader.fromEnvironment(env);
    UnsubscribeLinks links = links(config, env);
    return of(config, links, env, RedisConnector.fromEnvironment(env, config.redis()));
  }

  /** The stores over {@code redis} for {@code config}, links signed with {@code env}'s UNSUBSCRIBE_SECRET. */
  public static DispatchWiring of(GatingConfig config, UnifiedJedis redis, Map<String, String> env) {
    return of(config, links(config, env), env, redis);
  }

  private static DispatchWiring of(GatingConfig config, UnsubscribeLinks links, Map<String, String> env,
      UnifiedJedis redis) {
    // with checkout, the emails' upgrade links are signed with the same secret (another purpose)
    return new DispatchWiring(config, redis, links, new RedisEmailQueue(redis),
        new RedisEmailProfiles(redis, config.stripe().attributionWindow()),
        UpgradeLinks.of(config, env.get(UpgradeLinks.SECRET_ENV)));
  }

  private static UnsubscribeLinks links(GatingConfig config, Map<String, String> env) {
    return config.email().map(e -> new UnsubscribeLinks(e.unsubscribeBaseUrl(), env.get(UnsubscribeLinks.SECRET_ENV)))
        .orElse(null);
  }

  /** Whether the config has an {@code email} section, so there are emails to send and links to sign. */
  public boolean sendsEmail() {
    return links != null;
  }

  private void requireEmail(String what) {
    if (!sendsEmail()) {
      throw new IllegalStateException("gating.yaml has no 'email' section: " + what);
    }
  }

  /** Resend when {@code RESEND_API_KEY} is set in {@code env}, else one JSON file per email in {@code outbox}. */
  public static EmailSender sender(Map<String, String> env, Path outbox) {
    String key = env.get(ResendEmailSender.API_KEY_ENV);
    return key == null || key.isBlank() ? new OutboxEmailSender(outbox) : new ResendEmailSender(key);
  }

  /**
   * A deployed function's sender: Resend, else the outbox at {@code TOLLGATE_OUTBOX} (default
   * {@value #DEFAULT_OUTBOX}). On Lambda the outbox must be asked for by name: a missing key
   * there would otherwise mark every email sent while nobody receives it.
   */
  static EmailSender sender(Map<String, String> env) {
    String key = env.get(ResendEmailSender.API_KEY_ENV);
    String dir = env.get(OutboxEmailSender.OUTBOX_ENV);
    if ((key == null || key.isBlank()) && (dir == null || dir.isBlank()) && env.get(LAMBDA_FUNCTION_ENV) != null) {
      throw new IllegalStateException(ResendEmailSender.API_KEY_ENV + " is not set: on Lambda the dispatcher does not "
          + "write emails to " + DEFAULT_OUTBOX + " and count them as sent. Set it (template parameter ResendApiKey), or set "
          + OutboxEmailSender.OUTBOX_ENV + " to write them to that folder on purpose");
    }
    return sender(env, Path.of(dir == null || dir.isBlank() ? DEFAULT_OUTBOX : dir));
  }

  /** The dispatcher over these parts, sending through {@code sender}, timed by {@code clock}. */
  public UpgradeEmailDispatcher dispatcher(EmailSender sender, Clock clock) {
    requireEmail("there are no emails to dispatch");
    return new UpgradeEmailDispatcher(config, queue, queue.journal(), profiles, new RedisFunnel(redis), sender, links,
        upgradeLinks.orElse(null), clock, Sleeper.SYSTEM);
  }

  /**
   * The follow-up work decisions leave in accounts: crossings become funnel counts and email
   * sequences, the dashboard's latest blocks and shares of limits reached ({@link
   * RedisLimitActivity}), with an EMF line per crossing ({@code LimitReached} /
   * {@code UsageWarnings} per loop) written to {@code metrics}; first denials on an experiment's
   * loop are exposures; thresholds, first denials and exposures become events in the outbox;
   * accounts with overage not yet reported to Stripe are handed to the usage reporter's index
   * ({@link MeterFollowUp}).
   */
  public PendingDrainer followUps(Consumer<String> metrics) {
    return followUps(metrics, Clock.systemUTC());
  }

  /** {@link #followUps(Consumer)}, indexing overage for reporting at {@code clock}'s time. */
  public PendingDrainer followUps(Consumer<String> metrics, Clock clock) {
    RedisEventOutbox outbox = new RedisEventOutbox(redis);
    LimitEvents crossings = new MeteredLimitEvents(new ActivityLimitEvents(
        new CrossingFollowUps(queue, new RedisFunnel(redis), config), new RedisLimitActivity(redis)), metrics);
    return new PendingDrainer(new RedisPendingWork(redis), new ExposureRecorder(new EventingLimitEvents(crossings,
        outbox, config, clock), new RedisExperimentLog(redis, config.stripe().attributionWindow()), outbox, config,
        metrics, clock),
        List.of(new MeterFollowUp(new RedisMeterLedger(redis), new RedisMeterQueue(redis, clock))), config);
  }

  /**
   * The publisher of the events outbox to {@code sink}; conversions are attributed to experiment
   * arms on the way (EMF lines to {@code metrics}).
   */
  public EventPublisher events(EventSink sink, Clock clock, Consumer<String> metrics) {
    return new EventPublisher(new RedisEventOutbox(redis), sink, new ConversionAttribution(new RedisExperimentLog(
        redis, config.stripe().attributionWindow()), config.stripe().attributionWindow(), metrics),
        EventPublisher.Settings.DEFAULT, clock);
  }

  /**
   * A deployed function's event sink: EventBridge on the bus {@code TOLLGATE_EVENT_BUS} (the
   * template sets it; on Lambda without it, the default bus, so no event is left in a container's
   * /tmp), else JSON files in {@code $TOLLGATE_OUTBOX/events}.
   */
  static EventSink eventSink(Map<String, String> env) {
    if (env.get(EventBridgeSink.BUS_ENV) != null || env.get(LAMBDA_FUNCTION_ENV) != null) {
      return EventBridgeSink.fromEnvironment(env);
    }
    String dir = env.get(OutboxEmailSender.OUTBOX_ENV);
    return new FileEventSink(Path.of(dir == null || dir.isBlank() ? DEFAULT_OUTBOX : dir, "events"), "default");
  }

  /**
   * The scheduled handler over these parts (follow-ups, events, then dispatch when the config
   * sends email), sending email through {@code sender} (unused without email; may be null then)
   * and events to {@code events}, timed by {@code clock}; each run's CloudWatch EMF line goes to
   * {@code metrics}.
   */
  public UpgradeEmailDispatchHandler dispatchHandler(EmailSender sender, EventSink events, Clock clock,
      Consumer<String> metrics) {
    return new UpgradeEmailDispatchHandler(followUps(metrics, clock), events(events, clock, metrics),
        sendsEmail() ? dispatcher(sender, clock) : null, clock, metrics);
  }

  /** The unsubscribe handler over these parts, timed by {@code clock}; needs an email section. */
  public UnsubscribeHandler unsubscribeHandler(Clock clock) {
    requireEmail("there are no emails to unsubscribe from");
    return new UnsubscribeHandler(profiles, links, clock);
  }
}
