package dev.tollgate.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import dev.tollgate.conversion.ConversionMetrics;
import dev.tollgate.conversion.Funnel;
import dev.tollgate.conversion.InMemoryFunnel;
import dev.tollgate.credits.CreditStore;
import dev.tollgate.credits.InMemoryCreditStore;
import dev.tollgate.testing.FaultyPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link PlanSync} over the in-memory fakes (which pass the same contracts as Redis): fast
 * checks that the end state never depends on the order Stripe delivers events in.
 */
class PlanSyncTest {
  private static final Path SAMPLES = Path.of("../events/stripe-webhook");
  private static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");
  private static final String ACCOUNT = "user_42";
  private static final String CUSTOMER = "cus_QtgDemo0001";
  private static final StatusRules RULES = new StatusRules("free",
      price -> price.startsWith("price_1Paid") ? Optional.of("paid") : Optional.empty(), Duration.ofDays(3));

  /** One run: fresh fakes and a sync over them, whose k-th store call may be made to fail. */
  private static final class World {
    final InMemorySubscriptionStore customers = new InMemorySubscriptionStore();
    final InMemoryPlanStore plans = new InMemoryPlanStore("free");
    final InMemoryFunnel funnel = new InMemoryFunnel();
    final List<String> metrics = new ArrayList<>();
    final FaultyPorts faults = new FaultyPorts();
    final InMemoryCreditStore credits = new InMemoryCreditStore();
    final PlanSync sync = new PlanSync(faults.wrap(SubscriptionStore.class, customers), faults.wrap(PlanStore.class, plans),
        faults.wrap(CreditStore.class, credits), faults.wrap(ProcessedEvents.class, new InMemoryProcessedEvents()),
        faults.wrap(Funnel.class, funnel),
        new ConversionMetrics(metrics::add), RULES, Duration.ofDays(30), Clock.fixed(NOW, ZoneOffset.UTC));

    World run(List<StripeEvent> events) {
      events.forEach(sync::handle);
      return this;
    }

    /** Everything that decides what later events do to the outcome (the funnel and the email profile decide nothing). */
    List<Object> state() {
      return List.of(outcome(), plans.pendingConversion(ACCOUNT));
    }

    /** The state kept of the customer, and the plan, entitlements and credits the authorizer reads. */
    List<Object> outcome() {
      return List.of(customers.get(CUSTOMER), plans.read(ACCOUNT), plans.entitlements(ACCOUNT),
          credits.show(dev.tollgate.identity.AccountId.parse(ACCOUNT), NOW));
    }
  }

  /** The samples about entitlements and credits; every other sample is about plans. */
  private static final List<String> PRICING = List.of("entitlements.active_entitlement_summary.updated.json",
      "entitlements.active_entitlement_summary.updated.removed.json", "checkout.session.completed.credits.json",
      "checkout.session.completed.credits_async.json", "checkout.session.async_payment_succeeded.json");
  /** The plan samples entitlements and credits depend on: the links of the customer, a subscription and its end. */
  private static final List<String> LINKS = List.of("customer.created.json", "checkout.session.completed.json",
      "customer.updated.2017-08-15.json", "customer.subscription.updated.json", "customer.subscription.deleted.json");

  /** The plan samples: every sample but {@link #PRICING}. */
  private static List<StripeEvent> samples() throws IOException {
    try (Stream<Path> files = Files.list(SAMPLES)) {
      return files.filter(f -> f.toString().endsWith(".json") && !PRICING.contains(f.getFileName().toString())).sorted()
          .map(PlanSyncTest::sample).toList();
    }
  }

  private static StripeEvent sample(Path file) {
    try {
      String body = JsonParser.parseString(Files.readString(file)).getAsJsonObject().get("body").getAsString();
      return StripeEventParser.parse(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everyOrderingOfTheSampleEventsEndsInTheSameState() throws IOException {
    List<StripeEvent> events = samples();
    assertThat(events).hasSizeGreaterThanOrEqualTo(11);
    Set<List<Object>> outcomes = new HashSet<>();
    long[] visited = {0};
    explore(events, new ArrayList<>(), new BitSet(), new HashSet<>(), outcomes, visited);
    // all n! orderings are covered: two prefixes with the same events and the same state have the same futures
    assertThat(outcomes).as("end states over all %d! orderings (%d prefixes explored)", events.size(), visited[0])
        .hasSize(1);
    // canceled after a paid month: the default plan, keeping the window of the month that was paid
    World once = new World().run(events);
    assertThat(once.plans.read(ACCOUNT).orElseThrow()).isEqualTo(
        new PlanEntry("free", null, 1767225600000L, 1769904000000L, "canceled", "sub_1QtgDemo0001"));
  }

  @Test
  void everyOrderingOfTheEntitlementAndCreditSamplesAndTheLinksEndsInTheSameState() {
    List<String> files = new ArrayList<>(PRICING);
    files.addAll(LINKS);
    List<StripeEvent> events = files.stream().map(f -> sample(SAMPLES.resolve(f))).toList();
    Set<List<Object>> outcomes = new HashSet<>();
    long[] visited = {0};
    explore(events, new ArrayList<>(), new BitSet(), new HashSet<>(), outcomes, visited);
    assertThat(outcomes).as("end states over all %d! orderings (%d prefixes explored)", events.size(), visited[0])
        .hasSize(1);
    World all = new World().run(events);
    assertThat(all.plans.entitlements(ACCOUNT)).as("the later summary removed them").isEmpty();
    CreditStore.Credits credits = all.credits.show(dev.tollgate.identity.AccountId.parse(ACCOUNT), NOW);
    assertThat(credits.balance()).as("500 by card, 2000 once the bank payment succeeded").isEqualTo(2500);
    assertThat(credits.grants()).extracting(CreditStore.Grant::id)
        .containsExactlyInAnyOrder("cs_test_QtgCredits0001", "cs_test_QtgCredits0002");
    assertThat(credits.grants()).filteredOn(g -> g.id().equals("cs_test_QtgCredits0001")).singleElement()
        .extracting(CreditStore.Grant::expires).as("365 days after the payment")
        .isEqualTo(Instant.ofEpochSecond(1767312060).plus(Duration.ofDays(365)));
    World arrived = new World().run(List.of(sample(SAMPLES.resolve("checkout.session.completed.json")),
        sample(SAMPLES.resolve("entitlements.active_entitlement_summary.updated.json"))));
    assertThat(arrived.plans.entitlements(ACCOUNT)).containsExactly("export", "priority-support");
  }

  private static void explore(List<StripeEvent> events, List<StripeEvent> prefix, BitSet used, Set<List<Object>> seen,
      Set<List<Object>> outcomes, long[] visited) {
    World w = new World().run(prefix);
    visited[0]++;
    if (!seen.add(List.of(used.clone(), w.state()))) {
      return;
    }
    if (prefix.size() == events.size()) {
      outcomes.add(w.outcome());
      return;
    }
    for (int i = 0; i < events.size(); i++) {
      if (!used.get(i)) {
        used.set(i);
        prefix.add(events.get(i));
        explore(events, prefix, used, seen, outcomes, visited);
        prefix.remove(prefix.size() - 1);
        used.clear(i);
      }
    }
  }

  @Test
  void everyOrderOfTheCheckoutSequenceEndsPaidWithExactlyOneConversion() throws IOException {
    List<String> files = List.of("customer.subscription.created.json", "checkout.session.completed.json",
        "invoice.paid.json", "customer.subscription.updated.json");
    List<StripeEvent> events = files.stream().map(f -> sample(SAMPLES.resolve(f))).toList();
    Set<List<Object>> outcomes = new HashSet<>();
    for (List<StripeEvent> order : permutations(events)) {
      World w = new World().run(order);
      outcomes.add(w.outcome());
      assertThat(w.metrics).as("one conversion whatever the order").hasSize(1);
      assertThat(w.funnel.day(LocalDate.of(2026, 1, 1)).counters()).containsEntry("paidWithoutLimit", 1L);
      assertThat(w.plans.pendingConversion(ACCOUNT)).isEmpty();
    }
    assertThat(outcomes).hasSize(1);
    assertThat(new World().run(events).plans.read(ACCOUNT).orElseThrow().plan()).isEqualTo("paid");
  }

  @Test
  void aRetryAfterAFailureAtAnyStepCountsTheConversionOnce() {
    StripeEvent checkout = sample(SAMPLES.resolve("checkout.session.completed.json"));
    StripeEvent active = sample(SAMPLES.resolve("customer.subscription.updated.json"));
    World clean = new World();
    clean.sync.handle(checkout);
    clean.faults.reset();
    clean.sync.handle(active);
    int steps = clean.faults.calls();
    for (boolean after : new boolean[] {true, false}) {
      for (int k = 1; k <= steps; k++) {
        World w = new World();
        w.sync.handle(checkout);
        w.faults.failAt(k, after);
        assertThatThrownBy(() -> w.sync.handle(active)).hasMessageContaining("injected");
        assertThat(w.sync.handle(active).outcome()).isIn(PlanSync.Outcome.APPLIED, PlanSync.Outcome.DUPLICATE);
        assertThat(w.outcome()).as("step %d of %d (after: %s)", k, steps, after).isEqualTo(clean.outcome());
        assertThat(w.funnel.day(LocalDate.of(2026, 1, 1)).counters()).containsEntry("paidWithoutLimit", 1L);
        assertThat(w.plans.pendingConversion(ACCOUNT)).isEmpty();
        assertThat(w.metrics.size()).isLessThanOrEqualTo(1);
      }
    }
  }

  @Test
  void aDuplicateChangesNothingAndAnIgnoredTypeTouchesNoStore() throws IOException {
    World w = new World();
    StripeEvent checkout = sample(SAMPLES.resolve("checkout.session.completed.json"));
    assertThat(w.sync.handle(checkout).outcome()).isEqualTo(PlanSync.Outcome.APPLIED);
    assertThat(w.sync.handle(checkout).outcome()).isEqualTo(PlanSync.Outcome.DUPLICATE);
    StripeEvent other = new StripeEvent("evt_x", "charge.succeeded", 1, "2026-07-29.dahlia", Optional.empty());
    assertThat(w.sync.handle(other).outcome()).isEqualTo(PlanSync.Outcome.IGNORED);
  }

  private static <T> List<List<T>> permutations(List<T> items) {
    if (items.isEmpty()) {
      return List.of(List.of());
    }
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      List<T> rest = new ArrayList<>(items);
      T first = rest.remove(i);
      for (List<T> p : permutations(rest)) {
        List<T> l = new ArrayList<>();
        l.add(first);
        l.addAll(p);
        out.add(l);
      }
    }
    return out;
  }
}
