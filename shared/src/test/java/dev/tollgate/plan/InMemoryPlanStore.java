package dev.tollgate.plan;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** In-memory {@link PlanStore}; passes {@link PlanStoreContract}. Timelines can be set for tests. */
public final class InMemoryPlanStore implements PlanStore {
  private final Map<String, TreeMap<String, PlanEntry>> entries = new HashMap<>();
  private final Map<String, PlanEntry> plans = new HashMap<>();
  private final Map<String, Instant> pending = new HashMap<>();
  private final Map<String, Map<String, String>> timelines = new HashMap<>();
  private final Map<String, Map<String, String>> profiles = new HashMap<>();

  @Override
  public synchronized PlanWrite write(String userId, String customerId, PlanEntry entry, String defaultPlan, Instant now) {
    PlanEntry before = plans.get(userId);
    boolean was = before != null && before.paidAt(defaultPlan, now.toEpochMilli());
    TreeMap<String, PlanEntry> byCustomer = entries.computeIfAbsent(userId, k -> new TreeMap<>());
    byCustomer.put(customerId, entry);
    PlanEntry best = null;
    for (PlanEntry e : byCustomer.values()) {
      if (best == null || e.rank(defaultPlan) > best.rank(defaultPlan)) {
        best = e;
      }
    }
    plans.put(userId, best);
    boolean is = best.paidAt(defaultPlan, now.toEpochMilli());
    if (is && !was) {
      profile(userId).put("conv", Long.toString(now.toEpochMilli()));
      pending.put(userId, now);
    }
    return new PlanWrite(was, is, pending.get(userId), Map.copyOf(timelines.getOrDefault(userId, Map.of())));
  }

  @Override
  public synchronized void conversionRecorded(String userId) {
    pending.remove(userId);
  }

  @Override
  public synchronized void rememberEmail(String userId, String email) {
    profile(userId).putIfAbsent("email", email);
  }

  @Override
  public synchronized Optional<PlanEntry> read(String userId) {
    return Optional.ofNullable(plans.get(userId));
  }

  /** Sets a timeline field as the authorizer/dispatcher would. */
  public synchronized void timeline(String userId, String field, String value) {
    timelines.computeIfAbsent(userId, k -> new HashMap<>()).put(field, value);
  }

  /** The email profile fields of a user. */
  public synchronized Map<String, String> profile(String userId) {
    return profiles.computeIfAbsent(userId, k -> new HashMap<>());
  }
}
