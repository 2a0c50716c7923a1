package dev.tollgate.plan;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * In-memory {@link PlanStore}, the test-side model of {@code stripe_account_plan.lua} (the
 * one place a best plan is chosen, and the account's entitlements the union of its
 * customers'); passes {@link PlanStoreContract}. Timelines can be set
 * for tests.
 */
public final class InMemoryPlanStore implements PlanStore {
  private final String defaultPlan;
  private final Map<String, TreeMap<String, List<PlanEntry>>> entries = new HashMap<>();
  private final Map<String, Map<String, Set<String>>> entitlements = new HashMap<>();
  private final Map<String, PlanEntry> plans = new HashMap<>();
  private final Map<String, Instant> pending = new HashMap<>();
  private final Map<String, Map<String, String>> timelines = new HashMap<>();
  private final Map<String, Map<String, String>> profiles = new HashMap<>();

  /** A store whose default plan is {@code defaultPlan}. */
  public InMemoryPlanStore(String defaultPlan) {
    this.defaultPlan = defaultPlan;
  }

  @Override
  public synchronized PlanWrite write(String accountId, String customerId, List<PlanEntry> list, Set<String> features,
      Optional<String> email, Instant now) {
    email.ifPresent(e -> profile(accountId).putIfAbsent("email", e));
    Map<String, Set<String>> byCustomer = entitlements.computeIfAbsent(accountId, k -> new HashMap<>());
    if (features.isEmpty()) {
      byCustomer.remove(customerId);
    } else {
      byCustomer.put(customerId, Set.copyOf(features));
    }
    return store(accountId, customerId, List.copyOf(list), now);
  }

  @Override
  public synchronized PlanWrite forget(String accountId, String customerId, Instant now) {
    entitlements.getOrDefault(accountId, new HashMap<>()).remove(customerId);
    return store(accountId, customerId, null, now);
  }

  @Override
  public synchronized Set<String> entitlements(String accountId) {
    Set<String> union = new TreeSet<>();
    entitlements.getOrDefault(accountId, Map.of()).values().forEach(union::addAll);
    return union;
  }

  private PlanWrite store(String accountId, String customerId, List<PlanEntry> list, Instant now) {
    PlanEntry before = plans.get(accountId);
    boolean was = before != null && before.paidAt(defaultPlan, now.toEpochMilli());
    TreeMap<String, List<PlanEntry>> byCustomer = entries.computeIfAbsent(accountId, k -> new TreeMap<>());
    if (list == null) {
      byCustomer.remove(customerId);
    } else {
      byCustomer.put(customerId, list);
    }
    PlanEntry best = null;
    String bestKey = null;
    for (Map.Entry<String, List<PlanEntry>> c : byCustomer.entrySet()) {
      for (PlanEntry e : c.getValue()) {
        String key = c.getKey() + "\u0000" + e.subscriptionId();
        if (best == null || e.rank(defaultPlan) > best.rank(defaultPlan)
            || (e.rank(defaultPlan) == best.rank(defaultPlan) && key.compareTo(bestKey) < 0)) {
          best = e;
          bestKey = key;
        }
      }
    }
    if (best != null) {
      plans.put(accountId, best);
    } else if (before != null) {
      plans.remove(accountId);
    }
    PlanEntry after = plans.get(accountId);
    boolean is = after != null && after.paidAt(defaultPlan, now.toEpochMilli());
    if (is && !was) {
      profile(accountId).put("conv", Long.toString(now.toEpochMilli()));
      pending.put(accountId, now);
    }
    return new PlanWrite(was, is, pending.get(accountId), Map.copyOf(timelines.getOrDefault(accountId, Map.of())),
        after == null ? null : after.plan(), after == null ? null : after.until());
  }

  @Override
  public synchronized void conversionCounted(String accountId, Instant at) {
    pending.remove(accountId, at);
  }

  @Override
  public synchronized Optional<PlanEntry> read(String accountId) {
    return Optional.ofNullable(plans.get(accountId));
  }

  /** The uncounted conversion of an account, if any. */
  public synchronized Optional<Instant> pendingConversion(String accountId) {
    return Optional.ofNullable(pending.get(accountId));
  }

  /** Sets a timeline field as the authorizer/dispatcher would. */
  public synchronized void timeline(String accountId, String field, String value) {
    timelines.computeIfAbsent(accountId, k -> new HashMap<>()).put(field, value);
  }

  /** The email profile fields of an account. */
  public synchronized Map<String, String> profile(String accountId) {
    return profiles.computeIfAbsent(accountId, k -> new HashMap<>());
  }
}
