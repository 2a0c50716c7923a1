package dev.tollgate.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.conversion.ConversionMetrics;
import dev.tollgate.email.MutableClock;
import dev.tollgate.events.EventOutbox;
import dev.tollgate.events.EventPublisher;
import dev.tollgate.events.EventSchemas;
import dev.tollgate.events.EventingLimitEvents;
import dev.tollgate.events.FileEventSink;
import dev.tollgate.events.OutboxPlanEvents;
import dev.tollgate.events.TollgateEvent;
import dev.tollgate.followup.ConversionAttribution;
import dev.tollgate.followup.CrossingFollowUps;
import dev.tollgate.followup.ExposureRecorder;
import dev.tollgate.followup.PendingDrainer;
import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.Caller;
import dev.tollgate.plan.PlanSync;
import dev.tollgate.plan.StatusRules;
import dev.tollgate.plan.StripeEventParser;
import dev.tollgate.redis.Keys;
import dev.tollgate.redis.RedisEmailQueue;
import dev.tollgate.redis.RedisEventOutbox;
import dev.tollgate.redis.RedisExperimentLog;
import dev.tollgate.redis.RedisFunnel;
import dev.tollgate.redis.RedisPendingIndex;
import dev.tollgate.redis.RedisPendingWork;
import dev.tollgate.redis.RedisPlanStore;
import dev.tollgate.redis.RedisProcessedEvents;
import dev.tollgate.redis.RedisSubscriptionStore;
import dev.tollgate.redis.RedisUsageStore;
import dev.tollgate.testing.RedisProcess;
import dev.tollgate.usage.GateDecision;
import dev.tollgate.usage.LimitEvents;
import dev.tollgate.usage.LimitReached;
import dev.tollgate.usage.UsageGate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

/**
 * The experiment loop end to end on a real Redis of its own (the {@code {tg}} keys are global):
 * the authorizer's decision shows each account its arm's 402, the drain records each exposure
 * once (also when the drain fails after recording it and is repeated), schedules the arm's
 * email template, the webhook's conversion is attributed to the arm, the report counts it, and
 * every event that reaches the outbox folder is a PutEvents entry valid against its schema.
 */
class ExperimentLoopIT {
  static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(1));
  static final String EXPERIMENT = """

      experiments:
        upgrade_copy:
          loop: features
          arms:
            control: { weight: 50 }
            urgency:
              weight: 50
              message: "You're out of calls. Upgrade now and keep building."
              template: upgrade_prompt_urgent
              upgradeUrl: "https://buy.stripe.com/urgent?client_reference_id={{userId}}"
      events:
        thresholds: [0.5, 1.0]
      """;
  static final String URGENT_TEMPLATE = """
          upgrade_prompt_urgent:
            sequence:
              - { after: 0m, subject: "Out of calls", text: "Upgrade now: {{upgradeUrl}} {{unsubscribeUrl}}" }
      """;

  RedisProcess server;
  UnifiedJedis redis;
  GatingConfig config;
  MutableClock clock = new MutableClock(T0);
  @TempDir
  Path outbox;

  @BeforeEach
  void start() throws Exception {
    server = RedisProcess.start();
    redis = server.client(Duration.ofSeconds(5));
    String yaml = Files.readString(Path.of("..", "gating.yaml"))
        .replace("free: 100,", "free: 2,")
        .replace("          warnAt: 0.8\n", "").replace("          warnPrompt: { type: email, provider: resend, "
            + "template: usage_warning }\n", "")
        .replace("  templates:\n", "  templates:\n" + URGENT_TEMPLATE);
    config = ConfigLoader.parse(yaml + EXPERIMENT, "gating.yaml + experiment");
  }

  @AfterEach
  void stop() {
    redis.close();
    server.close();
  }

  /** A user whose personal account the experiment puts on {@code arm}. */
  private String userOn(String arm) {
    GatingConfig.Experiment x = config.experiments().get("upgrade_copy");
    for (int i = 0; ; i++) {
      if (ArmAssignment.assign(x, "user-" + i).name().equals(arm)) {
        return "user-" + i;
      }
    }
  }

  private GateDecision call(UsageGate gate, String user) {
    clock.advance(Duration.ofSeconds(1));
    return gate.decide(new Caller(user, user + "@example.com"), "POST", "/api/features/search", null, null,
        clock.instant());
  }

  private LimitEvents chain(LimitEvents crossings, List<String> metrics) {
    EventOutbox events = new RedisEventOutbox(redis);
    return new ExposureRecorder(new EventingLimitEvents(crossings, events, config, clock), new RedisExperimentLog(redis,
        config.stripe().attributionWindow()), events, config, metrics::add, clock);
  }

  private PendingDrainer drainer(LimitEvents crossings, List<String> metrics) {
    return new PendingDrainer(new RedisPendingWork(redis), chain(crossings, metrics), List.of(), config);
  }

  @Test
  void eachArmShowsItsPromptAndItsConversionIsAttributedToIt() throws Exception {
    UsageGate gate = new UsageGate(config, RedisUsageStore.forConfig(redis, config), new RedisPendingIndex(redis));
    String urgent = userOn("urgency");
    String control = userOn("control");
    GateDecision[] last = new GateDecision[2];
    for (int i = 0; i < 3; i++) {
      last[0] = call(gate, urgent);
      last[1] = call(gate, control);
    }
    assertThat(last[0].verdict()).isEqualTo(GateDecision.Verdict.DENIED);
    assertThat(last[0].message()).isEqualTo("You're out of calls. Upgrade now and keep building.");
    assertThat(last[0].upgradeUrl()).isEqualTo("https://buy.stripe.com/urgent?client_reference_id=" + urgent);
    assertThat(last[1].message()).isEqualTo("You've reached your free tier limit. Upgrade to continue.");
    assertThat(last[1].upgradeUrl()).startsWith("https://buy.stripe.com/test_XXXX?client_reference_id=" + control);

    // the first drain fails after the exposure was recorded (the drain's last step breaks once): nothing is acked
    AtomicInteger failures = new AtomicInteger(1);
    List<String> metrics = new ArrayList<>();
    LimitEvents chain = chain(followUps(), metrics);
    PendingDrainer failing = new PendingDrainer(new RedisPendingWork(redis), new LimitEvents() {
      @Override
      public void limitReached(LimitReached e) {
        chain.limitReached(e);
        if (failures.getAndDecrement() > 0) {
          throw new IllegalStateException("store down after the exposure");
        }
      }

      @Override
      public void warningReached(LimitReached e) {
        chain.warningReached(e);
      }

      @Override
      public void thresholdReached(LimitReached e, int permille) {
        chain.thresholdReached(e, permille);
      }
    }, List.of(), config);
    assertThat(failing.drain(100).failed()).isEqualTo(1);
    assertThat(drainer(followUps(), metrics).drain(100).failed()).isZero();
    assertThat(drainer(followUps(), metrics).drain(100).events()).isZero();

    RedisExperimentLog log = new RedisExperimentLog(redis, config.stripe().attributionWindow());
    assertThat(log.counts("upgrade_copy")).containsEntry("urgency", new ExperimentLog.ArmCounts(1, 0))
        .containsEntry("control", new ExperimentLog.ArmCounts(1, 0));
    assertThat(metrics.stream().filter(m -> m.contains("\"Exposures\":1"))).hasSize(2)
        .anyMatch(m -> m.contains("\"arm\":\"urgency\"")).anyMatch(m -> m.contains("\"arm\":\"control\""));
    assertThat(redis.hgetAll(Keys.emailQueue("", "items")).values())
        .anyMatch(j -> j.contains("t=upgrade_prompt_urgent") && j.contains("x=upgrade_copy%3Aurgency")
            && j.contains("u=" + urgent))
        .anyMatch(j -> j.contains("t=upgrade_prompt&") && j.contains("x=upgrade_copy%3Acontrol"));

    // the urgency user pays: the webhook writes the plan and the conversion into the events outbox
    clock.advance(Duration.ofHours(2));
    // the webhook's PlanSync as WebhookWiring builds it
    RedisPlanStore plans = new RedisPlanStore(redis, config.defaultPlan().name());
    PlanSync sync = new PlanSync(new RedisSubscriptionStore(redis), plans,
        new dev.tollgate.redis.RedisCreditStore(redis), new RedisProcessedEvents(redis),
        new RedisFunnel(redis), new ConversionMetrics(line -> { }), StatusRules.of(config),
        config.stripe().attributionWindow(), clock, new OutboxPlanEvents(new RedisEventOutbox(redis),
            config.defaultPlan().name(), clock));
    sync.handle(StripeEventParser.parse(sample("checkout.session.completed.json").replace("user_42", urgent)));
    sync.handle(StripeEventParser.parse(sample("customer.subscription.updated.json")));

    EventPublisher publisher = new EventPublisher(new RedisEventOutbox(redis), new FileEventSink(outbox, "default"),
        new ConversionAttribution(log, config.stripe().attributionWindow(), metrics::add),
        EventPublisher.Settings.DEFAULT, clock);
    EventPublisher.Summary s = publisher.publish(clock.instant().plusSeconds(60));
    assertThat(publisher.publish(clock.instant().plusSeconds(60)).put()).isZero();

    assertThat(log.counts("upgrade_copy")).containsEntry("urgency", new ExperimentLog.ArmCounts(1, 1))
        .containsEntry("control", new ExperimentLog.ArmCounts(1, 0));
    ExperimentReport report = ExperimentReport.of(config, log);
    JsonObject urgency = report.toJson().getAsJsonObject("upgrade_copy").getAsJsonObject("arms")
        .getAsJsonObject("urgency");
    assertThat(urgency.get("rate").getAsDouble()).isEqualTo(1.0);
    assertThat(urgency.get("ci95Low").getAsDouble()).isBetween(0.2, 0.21);

    List<JsonObject> entries = new ArrayList<>();
    try (Stream<Path> files = Files.list(outbox)) {
      for (Path f : files.sorted().toList()) {
        String text = Files.readString(f);
        assertThat(EventSchemas.entryViolations(text)).as(text).isEmpty();
        entries.add(JsonParser.parseString(text).getAsJsonObject());
      }
    }
    assertThat(entries).hasSize(s.put());
    assertThat(entries.stream().map(e -> e.get("DetailType").getAsString()))
        .containsExactlyInAnyOrder("usage.threshold", "usage.threshold", "usage.threshold", "usage.threshold",
            "limit.reached", "limit.reached", "experiment.exposure", "experiment.exposure", "plan.changed",
            "conversion");
    JsonObject conversion = detail(entries, TollgateEvent.CONVERSION);
    assertThat(conversion.get("account").getAsString()).isEqualTo(urgent);
    assertThat(conversion.getAsJsonObject("experiments").get("upgrade_copy").getAsString()).isEqualTo("urgency");
    JsonObject plan = detail(entries, TollgateEvent.PLAN_CHANGED);
    assertThat(plan.get("from").getAsString()).isEqualTo("free");
    assertThat(plan.get("to").getAsString()).isEqualTo("paid");
    assertThat(redis.hget(Keys.accountTimeline(AccountId.parse(urgent)), "x:upgrade_copy")).startsWith("urgency|");
  }

  private static JsonObject detail(List<JsonObject> entries, String type) {
    return entries.stream().filter(e -> e.get("DetailType").getAsString().equals(type)).findFirst()
        .map(e -> JsonParser.parseString(e.get("Detail").getAsString()).getAsJsonObject()).orElseThrow();
  }

  private static String sample(String name) throws Exception {
    return JsonParser.parseString(Files.readString(Path.of("..", "events", "stripe-webhook", name))).getAsJsonObject()
        .get("body").getAsString();
  }

  private CrossingFollowUps followUps() {
    return new CrossingFollowUps(new RedisEmailQueue(redis), new RedisFunnel(redis), config);
  }
}
