package dev.tollgate.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.Period;
import dev.tollgate.usage.UsageRules.PlanState;
import dev.tollgate.usage.UsageRules.WindowState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsageRulesTest {
  static final long DAY = Duration.ofDays(1).toMillis();
  static final Period D30 = new Period(Period.Kind.FIXED, Duration.ofDays(30));
  static final Period MONTH = new Period(Period.Kind.MONTH, Duration.ZERO);
  static final Period BILLING = new Period(Period.Kind.BILLING, Duration.ZERO);

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // case                          | kind    | stored start | now          | plan ps | plan pe | start        | end
      "first call anchors the window    | fixed   | -1           | 1000         | 0       | 0       | 1000         | 2592001000",
      "inside the window continues it  | fixed   | 1000         | 2592000999   | 0       | 0       | 1000         | 2592001000",
      "at the reset a new window starts | fixed   | 1000         | 2592001000   | 0       | 0       | 2592001000   | 5184001000",
      // an earlier stamp (a concurrent call that read the clock first, or a lagging container)
      // joins the open window: restarting it handed out a fresh allowance under load
      "a clock behind the start joins   | fixed   | 5000         | 1000         | 0       | 0       | 5000         | 2592005000",
      "month: the calendar month (UTC)  | month   | -1           | 1764115200000 | 0      | 0       | 1761955200000 | 1764547200000",
      "billing uses the Stripe period | billing | -1 | 1764115200000 | 1763000000000 | 1765600000000 | 1763000000000 | 1765600000000",
      "billing without one: the month   | billing | -1           | 1764115200000 | 0      | 0       | 1761955200000 | 1764547200000",
      "billing period over | billing | -1           | 1764115200000 | 1700000000000 | 1702000000000 | 1761955200000 | 1764547200000",
  })
  void windows(String name, String kind, long stored, long now, long ps, long pe, long start, long end) {
    Period p = switch (kind) {
      case "fixed" -> D30;
      case "month" -> MONTH;
      default -> BILLING;
    };
    long[] w = UsageRules.window(p, new WindowState(stored, 1, false, false), new PlanState("paid", 0, ps, pe), now);
    assertThat(w).containsExactly(start, end);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "no state: default              | ''    | 0    | 100  | free",
      "paid                           | paid  | 0    | 100  | paid",
      "paid until later               | paid  | 200  | 100  | paid",
      "paid lapsed at until           | paid  | 100  | 100  | free",
      "unknown plan name: default     | gold  | 0    | 100  | free",
  })
  void effectivePlan(String name, String plan, long until, long now, String expected) {
    List<String> plans = List.of("free", "paid");
    int i = UsageRules.effectivePlan(new PlanState(plan.isEmpty() ? null : plan, until, 0, 0), plans, 0, now);
    assertThat(plans.get(i)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // case                             | limit | stored count | denial rec | warned | allowed | used | first denial | warn
      "under the limit counts            | 3     | 1            | false      | false  | true    | 2    | false        | false",
      "the last allowed call             | 3     | 2            | false      | false  | true    | 3    | false        | true",
      "at the limit: first denial        | 3     | 3            | false      | true   | false   | 3    | true         | false",
      "denied again: not first           | 3     | 3            | true       | true   | false   | 3    | false        | false",
      "unlimited always allows           | -1    | 1000000      | false      | false  | true    | 1000001 | false     | false",
      "limit 0 denies the first call     | 0     | 0            | false      | false  | false   | 0    | true         | false",
  })
  void decisions(String name, long limit, long count, boolean denial, boolean warned, boolean allowed, long used,
      boolean firstDenial, boolean warn) {
    Gate g = gate(limit, 667);
    WindowState s = new WindowState(0, count, denial, warned);
    UsageRules.Evaluation ev = UsageRules.decide(List.of(g), List.of(s), PlanState.NONE, List.of("free"), 0, 10, true);
    GateResult r = ev.outcome().gates().get(0);
    assertThat(ev.outcome().allowed()).isEqualTo(allowed);
    assertThat(r.used()).isEqualTo(used);
    assertThat(r.firstDenial()).isEqualTo(firstDenial);
    assertThat(r.warnCrossed()).isEqualTo(warn);
  }

  @ParameterizedTest(name = "limit {0} at {1}/1000 warns at {2}")
  @CsvSource({"100, 800, 80", "3, 667, 3", "10, 500, 5", "1, 800, 1", "7, 800, 6"})
  void warnThresholdRoundsUp(long limit, int permille, long expected) {
    assertThat(gate(limit, permille).warnThreshold(limit)).isEqualTo(expected);
  }

  static Gate gate(long limit, int warnPermille) {
    return new Gate(null, "g", "g", D30, new long[] {limit}, warnPermille);
  }

  static Instant at(long ms) {
    return Instant.ofEpochMilli(ms);
  }
}
