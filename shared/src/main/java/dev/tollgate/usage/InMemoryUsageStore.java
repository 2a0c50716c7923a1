package dev.tollgate.usage;

import dev.tollgate.usage.UsageRules.PlanState;
import dev.tollgate.usage.UsageRules.WindowState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link UsageStore} in memory, running {@link UsageRules} under one lock. Passes the same
 * contract test as the Redis store; for tests and single-process tools.
 */
public final class InMemoryUsageStore implements UsageStore {
  private final List<String> planNames;
  private final int defaultIndex;
  private final Map<String, PlanState> plans = new HashMap<>();
  private final Map<String, WindowState> windows = new HashMap<>();
  private final Map<String, Long> firstHits = new HashMap<>();

  /** A store judging by the plans {@code planNames}, {@code defaultPlan} being the default. */
  public InMemoryUsageStore(List<String> planNames, String defaultPlan) {
    this.planNames = List.copyOf(planNames);
    this.defaultIndex = planNames.indexOf(defaultPlan);
  }

  /** Sets a user's plan state (what the Stripe side writes in Redis). */
  public synchronized void putPlan(String userId, PlanState state) {
    plans.put(userId, state);
  }

  /** When the user first hit {@code loop}'s limit in the current window (timeline), or null. */
  public synchronized Long firstHit(String userId, String loop) {
    return firstHits.get(userId + "|" + loop);
  }

  @Override
  public synchronized UsageOutcome consume(String userId, List<Gate> gates, Instant now) {
    return run(userId, gates, now, true);
  }

  @Override
  public synchronized UsageOutcome peek(String userId, List<Gate> gates, Instant now) {
    return run(userId, gates, now, false);
  }

  @Override
  public synchronized void reset(String userId, List<Gate> gates) {
    for (Gate g : gates) {
      windows.remove(userId + "|" + g.gateId());
    }
  }

  private UsageOutcome run(String userId, List<Gate> gates, Instant now, boolean consume) {
    long t = now.toEpochMilli();
    List<WindowState> stored = new ArrayList<>(gates.size());
    for (Gate g : gates) {
      stored.add(windows.getOrDefault(userId + "|" + g.gateId(), WindowState.NONE));
    }
    UsageRules.Evaluation ev = UsageRules.decide(gates, stored, plans.getOrDefault(userId, PlanState.NONE),
        planNames, defaultIndex, t, consume);
    for (int i = 0; i < gates.size(); i++) {
      WindowState next = ev.newStates().get(i);
      if (next != null) {
        windows.put(userId + "|" + gates.get(i).gateId(), next);
      }
      if (ev.outcome().gates().get(i).firstDenial()) {
        firstHits.put(userId + "|" + gates.get(i).loop(), t);
      }
    }
    return ev.outcome();
  }
}
