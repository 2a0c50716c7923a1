package dev.tollgate.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.Period;
import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.UserId;
import dev.tollgate.testing.Concurrently;
import dev.tollgate.usage.UsageModel.PlanState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The pricing vocabulary every {@link UsageStore} must decide exactly, in one atomic step:
 * route cost, features (plan and Stripe entitlements), pooled accounts with member shares,
 * prepaid credits, metered overage with a cap, thresholds, and the follow-up work a decision
 * leaves in the account. Runs against the in-memory model, real Redis and Redis Cluster.
 */
public abstract class UsagePricingContract {
  protected static final List<String> PLANS = List.of("free", "pro");
  /** A day ahead of the real clock: Redis expires by its own clock. */
  protected static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(1));
  protected static final Period D30 = new Period(Period.Kind.FIXED, Duration.ofDays(30));

  /** The store under test, judging by {@link #PLANS} with {@code free} the default. */
  protected abstract UsageStore store();

  /** Stores a plan state for an account, as the Stripe side would. */
  protected abstract void putPlan(AccountId account, PlanState state);

  /** Stores the account's Stripe entitlements (feature lookup keys). */
  protected abstract void putEntitlements(AccountId account, List<String> features);

  /** Grants {@code amount} credits as grant {@code id}, expiring at {@code expires} (null = never). */
  protected abstract void grant(AccountId account, String id, long amount, Instant expires);

  /** The account's outbox events, oldest first. */
  protected abstract List<String> outbox(AccountId account);

  /** A name no other test uses. */
  protected abstract String unique(String prefix);

  /** A gate on a 30-day window with the given per-plan limits and pricing. */
  protected static Gate gate(String id, long free, long pro, long cost, long[] members, boolean credits, long[] caps) {
    String[] meters = new String[2];
    for (int i = 0; i < 2; i++) {
      meters[i] = caps[i] == Gate.NO_OVERAGE ? null : "api_requests";
    }
    return TestGates.usage(id, D30, new long[] {free, pro}, 0).with(cost, members, credits, caps, meters, new int[0]);
  }

  static Gate plain(String id, long free, long pro, long cost) {
    return gate(id, free, pro, cost, new long[] {-1, -1}, false, new long[] {Gate.NO_OVERAGE, Gate.NO_OVERAGE});
  }

  private AccountId personal(String user) {
    return AccountId.personal(UserId.of(user));
  }

  private UsageOutcome call(AccountId account, String user, List<Gate> gates, Instant at) throws Exception {
    return store().consume(new UsageCall(account, UserId.of(user), gates, at, null, ""));
  }

  @Test
  void aCallCostingSeveralUnitsIsDeniedWholeWhenItDoesNotFit() throws Exception {
    String u = unique("cost");
    List<Gate> g = List.of(plain("ai", 12, -1, 5));
    assertThat(call(personal(u), u, g, T0).gates().get(0).used()).isEqualTo(5);
    assertThat(call(personal(u), u, g, T0.plusSeconds(1)).gates().get(0).used()).isEqualTo(10);
    UsageOutcome denied = call(personal(u), u, g, T0.plusSeconds(2));
    assertThat(denied.allowed()).as("2 units left, the call costs 5").isFalse();
    assertThat(denied.gates().get(0).reason()).isEqualTo(DenyReason.USAGE_LIMIT);
    assertThat(store().peek(personal(u), UserId.of(u), g, T0.plusSeconds(3)).gates().get(0).used())
        .as("nothing of the refused call was counted").isEqualTo(10);
  }

  @Test
  void aFeatureIsAllowedByThePlanOrAStripeEntitlementAndItsFirstDenialIsRecordedOnce() throws Exception {
    String u = unique("feature");
    AccountId a = personal(u);
    List<Gate> g = List.of(TestGates.feature("export", "export", new boolean[] {false, true}));
    UsageOutcome first = call(a, u, g, T0);
    assertThat(first.allowed()).isFalse();
    assertThat(first.gates().get(0).reason()).isEqualTo(DenyReason.FEATURE);
    assertThat(first.gates().get(0).firstDenial()).isTrue();
    assertThat(call(a, u, g, T0.plusSeconds(1)).gates().get(0).firstDenial()).as("once per month").isFalse();
    assertThat(outbox(a)).hasSize(1);
    assertThat(outbox(a).get(0)).startsWith("L\texport\t" + u + "\t");
    putEntitlements(a, List.of("search", "export"));
    assertThat(call(a, u, g, T0.plusSeconds(2)).allowed()).as("granted by a Stripe entitlement").isTrue();
    putEntitlements(a, List.of("search"));
    assertThat(call(a, u, g, T0.plusSeconds(3)).allowed()).isFalse();
    putPlan(a, new PlanState("pro", 0, 0, 0));
    assertThat(call(a, u, g, T0.plusSeconds(4)).allowed()).as("the pro plan includes it").isTrue();
  }

  @Test
  void membersDrawOnThePooledAllowanceEachWithinTheirShare() throws Exception {
    AccountId team = AccountId.organisation(unique("org"));
    List<Gate> g = List.of(gate("calls", 10, -1, 1, new long[] {6, -1}, false,
        new long[] {Gate.NO_OVERAGE, Gate.NO_OVERAGE}));
    for (int i = 0; i < 6; i++) {
      assertThat(call(team, "alice", g, T0.plusSeconds(i)).allowed()).isTrue();
    }
    UsageOutcome capped = call(team, "alice", g, T0.plusSeconds(10));
    assertThat(capped.allowed()).isFalse();
    assertThat(capped.gates().get(0).reason()).isEqualTo(DenyReason.MEMBER_LIMIT);
    assertThat(capped.gates().get(0).memberUsed()).isEqualTo(6);
    for (int i = 0; i < 4; i++) {
      assertThat(call(team, "bob", g, T0.plusSeconds(20 + i)).allowed()).as("bob's call %d", i).isTrue();
    }
    UsageOutcome pooled = call(team, "bob", g, T0.plusSeconds(30));
    assertThat(pooled.gates().get(0).reason()).as("the pool of 10 is used up").isEqualTo(DenyReason.USAGE_LIMIT);
    assertThat(pooled.gates().get(0).used()).isEqualTo(10);
    putPlan(team, new PlanState("pro", 0, 0, 0));
    assertThat(call(team, "alice", g, T0.plusSeconds(40)).allowed()).as("pro has no member share").isTrue();
  }

  @Test
  void creditsCoverCallsPastTheAllowanceSoonestExpiringFirstAndExpire() throws Exception {
    String u = unique("credits");
    AccountId a = personal(u);
    grant(a, "later", 2, null);
    grant(a, "soon", 2, T0.plus(Duration.ofDays(2)));
    List<Gate> g = List.of(gate("calls", 2, -1, 1, new long[] {-1, -1}, true,
        new long[] {Gate.NO_OVERAGE, Gate.NO_OVERAGE}));
    assertThat(call(a, u, g, T0).creditBalance()).as("not read while the allowance lasts").isEqualTo(-1);
    call(a, u, g, T0.plusSeconds(1));
    UsageOutcome third = call(a, u, g, T0.plusSeconds(2));
    assertThat(third.allowed()).isTrue();
    assertThat(third.gates().get(0).creditsDrawn()).isEqualTo(1);
    assertThat(third.creditBalance()).isEqualTo(3);
    UsageOutcome afterExpiry = call(a, u, g, T0.plus(Duration.ofDays(3)));
    assertThat(afterExpiry.allowed()).as("the soonest grant was drawn first; what is left of it has expired")
        .isTrue();
    assertThat(afterExpiry.creditBalance()).isEqualTo(1);
    call(a, u, g, T0.plus(Duration.ofDays(3)).plusSeconds(1));
    UsageOutcome empty = call(a, u, g, T0.plus(Duration.ofDays(3)).plusSeconds(2));
    assertThat(empty.allowed()).isFalse();
    assertThat(empty.gates().get(0).reason()).isEqualTo(DenyReason.USAGE_LIMIT);
    assertThat(empty.creditBalance()).isZero();
  }

  @Test
  void aCallIsSplitBetweenTheLastIncludedUnitsAndCredits() throws Exception {
    String u = unique("split");
    AccountId a = personal(u);
    grant(a, "g1", 3, null);
    List<Gate> g = List.of(gate("ai", 4, -1, 3, new long[] {-1, -1}, true,
        new long[] {Gate.NO_OVERAGE, Gate.NO_OVERAGE}));
    call(a, u, g, T0);
    UsageOutcome split = call(a, u, g, T0.plusSeconds(1));
    assertThat(split.allowed()).isTrue();
    assertThat(split.gates().get(0).used()).isEqualTo(4);
    assertThat(split.gates().get(0).creditsDrawn()).isEqualTo(2);
    assertThat(split.creditBalance()).isEqualTo(1);
    assertThat(call(a, u, g, T0.plusSeconds(2)).allowed()).as("3 units needed, 1 credit left").isFalse();
  }

  @Test
  void overageContinuesPastTheIncludedLimitUpToItsCap() throws Exception {
    String u = unique("overage");
    AccountId a = personal(u);
    putPlan(a, new PlanState("pro", 0, 0, 0));
    List<Gate> g = List.of(gate("calls", 1, 2, 1, new long[] {-1, -1}, false, new long[] {Gate.NO_OVERAGE, 3}));
    for (int i = 0; i < 5; i++) {
      assertThat(call(a, u, g, T0.plusSeconds(i)).allowed()).as("call %d", i).isTrue();
    }
    UsageOutcome capped = call(a, u, g, T0.plusSeconds(10));
    assertThat(capped.allowed()).isFalse();
    assertThat(capped.gates().get(0).reason()).isEqualTo(DenyReason.SPEND_CAP);
    assertThat(capped.gates().get(0).overage()).isEqualTo(3);
    assertThat(capped.pendingSince()).as("overage waits to be reported").isPositive();
    assertThat(outbox(a).get(0)).as("pending work without an event leaves a marker line").startsWith("P\t");
    putPlan(a, PlanState.NONE);
    assertThat(call(a, u, g, T0.plusSeconds(11)).gates().get(0).reason()).as("the free plan has no overage")
        .isEqualTo(DenyReason.USAGE_LIMIT);
  }

  @Test
  void thresholdsFireOncePerWindowAndLeaveOneEventEach() throws Exception {
    String u = unique("thresholds");
    AccountId a = personal(u);
    Gate base = TestGates.usage("t", D30, new long[] {10, -1}, 0);
    List<Gate> g = List.of(base.with(1, new long[] {-1, -1}, false, new long[] {Gate.NO_OVERAGE, Gate.NO_OVERAGE},
        new String[2], new int[] {500, 800, 1000}));
    List<Integer> crossed = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      crossed.add(call(a, u, g, T0.plusSeconds(i)).gates().get(0).crossed());
    }
    assertThat(crossed).containsExactly(0, 0, 0, 0, 1, 0, 0, 2, 0, 4, 0, 0);
    List<String> events = outbox(a);
    assertThat(events).hasSize(4);
    assertThat(events.get(0)).startsWith("T\tt\t").endsWith("\t500");
    assertThat(events.get(2)).endsWith("\t1000");
    assertThat(events.get(3)).startsWith("L\tt\t").endsWith("\t1");
  }

  @Test
  void aFirstDenialLeavesItsEventAndThePendingMarkerInTheAccount() throws Exception {
    String u = unique("pending");
    AccountId a = personal(u);
    List<Gate> g = List.of(plain("calls", 1, -1, 1));
    assertThat(call(a, u, g, T0).pendingSince()).isZero();
    UsageOutcome denied = store().consume(new UsageCall(a, UserId.of(u), g, T0.plusSeconds(1), null,
        new EventMeta("p@example.com", null).encode()));
    assertThat(denied.pendingSince()).isEqualTo(T0.plusSeconds(1).toEpochMilli());
    assertThat(call(a, u, g, T0.plusSeconds(2)).pendingSince()).as("the marker stays until drained")
        .isEqualTo(T0.plusSeconds(1).toEpochMilli());
    List<String> events = outbox(a);
    assertThat(events).hasSize(1);
    String[] f = events.get(0).split("\t", -1);
    assertThat(f[0]).isEqualTo("L");
    assertThat(EventMeta.decode(f[3]).email()).isEqualTo("p@example.com");
    assertThat(f[8]).isEqualTo(Long.toString(T0.plusSeconds(1).toEpochMilli()));
  }

  @Test
  void neverDrawsTheLastCreditTwiceUnderConcurrency() throws Exception {
    String u = unique("race");
    AccountId a = personal(u);
    grant(a, "g", 7, null);
    List<Gate> g = List.of(gate("calls", 3, -1, 1, new long[] {-1, -1}, true,
        new long[] {Gate.NO_OVERAGE, Gate.NO_OVERAGE}));
    int allowed = hammer(200, () -> call(a, u, g, T0).allowed());
    assertThat(allowed).as("3 included + 7 credits").isEqualTo(10);
    assertThat(store().peek(a, UserId.of(u), List.of(g.get(0).with(1, new long[] {-1, -1}, true,
        new long[] {Gate.NO_OVERAGE, Gate.NO_OVERAGE}, new String[2], new int[0])), T0).gates().get(0).used())
        .isEqualTo(3);
  }

  @Test
  void neverPassesTheOverageCapOrAMemberShareUnderConcurrency() throws Exception {
    AccountId team = AccountId.organisation(unique("capteam"));
    putPlan(team, new PlanState("pro", 0, 0, 0));
    List<Gate> g = List.of(gate("calls", 1, 5, 1, new long[] {-1, 9}, false, new long[] {Gate.NO_OVERAGE, 7}));
    int alice = hammer(100, () -> call(team, "alice", g, T0).allowed());
    assertThat(alice).as("alice's share").isEqualTo(9);
    int bob = hammer(100, () -> call(team, "bob", g, T0).allowed());
    assertThat(bob).as("5 included + 7 overage in all, alice took 9").isEqualTo(3);
  }

  private static int hammer(int calls, Callable<Boolean> call) throws Exception {
    return Concurrently.countTrue(calls, 8, call);
  }
}
