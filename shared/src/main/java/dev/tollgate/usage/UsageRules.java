package dev.tollgate.usage;

import dev.tollgate.config.Period;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The decision, as pure functions of stored state and time. {@code decide.lua} is the same
 * algorithm run atomically inside Redis; the contract test holds the two to one behaviour.
 */
public final class UsageRules {
  private UsageRules() {}

  /** A user's stored plan state: plan name (null = default), lapse time and billing period (0 = none). */
  public record PlanState(String plan, long until, long periodStart, long periodEnd) {
    /** No stored state: the default plan. */
    public static final PlanState NONE = new PlanState(null, 0, 0, 0);
  }

  /** A stored window of one gate; {@code start < 0} means none stored. */
  public record WindowState(long start, long count, boolean denialRecorded, boolean warned) {
    /** Nothing stored. */
    public static final WindowState NONE = new WindowState(-1, 0, false, false);
  }

  /** A decision: the outcome and the window states to store (null = leave untouched). */
  public record Evaluation(UsageOutcome outcome, List<WindowState> newStates) {}

  /** The index in {@code planNames} of the effective plan at {@code now}. */
  public static int effectivePlan(PlanState state, List<String> planNames, int defaultIndex, long now) {
    if (state.plan() == null || (state.until() > 0 && now >= state.until())) {
      return defaultIndex;
    }
    int i = planNames.indexOf(state.plan());
    return i < 0 ? defaultIndex : i;
  }

  /** Start and end (ms, end exclusive) of the UTC calendar month holding {@code nowMs}. */
  public static long[] monthBounds(long nowMs) {
    LocalDate d = Instant.ofEpochMilli(nowMs).atZone(ZoneOffset.UTC).toLocalDate();
    YearMonth ym = YearMonth.from(d);
    long start = ym.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long end = ym.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    return new long[] {start, end};
  }

  /**
   * The window a call at {@code now} falls in: {start, end}. Fixed windows continue the
   * stored one while it lasts, else start now; calendar and billing windows are absolute.
   */
  public static long[] window(Period period, WindowState stored, PlanState plan, long now) {
    switch (period.kind()) {
      case FIXED: {
        long len = period.length().toMillis();
        if (stored.start() >= 0 && now < stored.start() + len) { // an earlier stamp joins the open window
          return new long[] {stored.start(), stored.start() + len};
        }
        return new long[] {now, now + len};
      }
      case BILLING:
        if (plan.periodStart() > 0 && plan.periodEnd() > plan.periodStart() && now >= plan.periodStart()
            && now < plan.periodEnd()) {
          return joinNewer(stored, new long[] {plan.periodStart(), plan.periodEnd()});
        }
        return joinNewer(stored, monthBounds(now));
      default:
        return joinNewer(stored, monthBounds(now));
    }
  }

  /**
   * A call stamped just before a calendar/billing boundary that a concurrent call already
   * crossed counts in the newer window (its own window ended at the newer start), so a late
   * arrival can never reopen the old window with a fresh allowance.
   */
  private static long[] joinNewer(WindowState stored, long[] window) {
    return stored.start() > window[0] ? new long[] {stored.start(), stored.start()} : window;
  }

  /**
   * Checks and (if every gate allows) counts one call. {@code consume = false} only reports.
   */
  public static Evaluation decide(List<Gate> gates, List<WindowState> stored, PlanState plan,
      List<String> planNames, int defaultIndex, long now, boolean consume) {
    int p = effectivePlan(plan, planNames, defaultIndex, now);
    int n = gates.size();
    long[][] win = new long[n][];
    long[] counts = new long[n];
    boolean[] fresh = new boolean[n];
    boolean[] ok = new boolean[n];
    boolean allowed = true;
    for (int i = 0; i < n; i++) {
      WindowState s = stored.get(i);
      win[i] = window(gates.get(i).period(), s, plan, now);
      fresh[i] = s.start() != win[i][0];
      counts[i] = fresh[i] ? 0 : s.count();
      long limit = gates.get(i).limit(p);
      ok[i] = limit < 0 || counts[i] < limit;
      allowed &= ok[i];
    }
    List<GateResult> results = new ArrayList<>(n);
    List<WindowState> states = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Gate g = gates.get(i);
      long limit = g.limit(p);
      WindowState s = stored.get(i);
      boolean denial = false;
      boolean warn = false;
      WindowState next = null;
      long used = counts[i];
      if (consume && allowed) {
        used = counts[i] + 1;
        boolean warned = !fresh[i] && s.warned();
        long threshold = g.warnThreshold(limit);
        if (threshold > 0 && used >= threshold && !warned) {
          warn = true;
          warned = true;
        }
        next = new WindowState(win[i][0], used, !fresh[i] && s.denialRecorded(), warned);
      } else if (consume && !ok[i]) {
        boolean recorded = !fresh[i] && s.denialRecorded();
        if (!recorded) {
          denial = true;
          next = new WindowState(win[i][0], counts[i], true, !fresh[i] && s.warned());
        }
      }
      states.add(next);
      results.add(new GateResult(g, ok[i], used, limit, Instant.ofEpochMilli(win[i][0]),
          Instant.ofEpochMilli(win[i][1]), denial, warn));
    }
    return new Evaluation(new UsageOutcome(allowed, planNames.get(p), results), states);
  }
}
