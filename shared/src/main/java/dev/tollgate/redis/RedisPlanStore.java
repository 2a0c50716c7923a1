package dev.tollgate.redis;

import dev.tollgate.identity.AccountId;
import dev.tollgate.plan.PlanEntry;
import dev.tollgate.plan.PlanStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import redis.clients.jedis.UnifiedJedis;

/**
 * Accounts' plan state in the account hash ({@code {a:ID}}): each write one
 * {@code stripe_account_plan.lua} ({@link AccountPlanScript}), which alone chooses the best entry
 * and keeps {@code ent}, the union of the customers' entitlements.
 */
public final class RedisPlanStore implements PlanStore {
  private final UnifiedJedis redis;
  private final String defaultPlan;

  /** A store over {@code redis}; {@code defaultPlan} is the config's default plan. */
  public RedisPlanStore(UnifiedJedis redis, String defaultPlan) {
    this.redis = redis;
    this.defaultPlan = defaultPlan;
  }

  @Override
  public PlanWrite write(String accountId, String customerId, List<PlanEntry> entries, Set<String> entitlements,
      Optional<String> email, Instant now) {
    return run(AccountPlanScript.write(accountId, customerId, List.copyOf(entries), entitlements, defaultPlan, now,
        email));
  }

  @Override
  public PlanWrite forget(String accountId, String customerId, Instant now) {
    return run(AccountPlanScript.write(accountId, customerId, null, Set.of(), defaultPlan, now, Optional.empty()));
  }

  @Override
  public void conversionCounted(String accountId, Instant at) {
    AccountPlanScript.COUNTED.run(redis, AccountPlanScript.counted(accountId, at));
  }

  @Override
  public Optional<PlanEntry> read(String accountId) {
    return entry(redis.hgetAll(Keys.account(AccountId.parse(accountId))));
  }

  /** The plan fields of an account hash {@code h}, if it has a plan. */
  static Optional<PlanEntry> entry(Map<String, String> h) {
    if (!h.containsKey("plan")) {
      return Optional.empty();
    }
    return Optional.of(new PlanEntry(h.get("plan"), num(h.get("until")), num(h.get("ps")), num(h.get("pe")),
        h.get("status"), h.get("sub")));
  }

  @Override
  public Set<String> entitlements(String accountId) {
    return AccountPlanScript.features(redis.hget(Keys.account(AccountId.parse(accountId)), "ent"));
  }

  private PlanWrite run(ScriptCall call) {
    return AccountPlanScript.decode(AccountPlanScript.SCRIPT.run(redis, call));
  }

  private static Long num(String s) {
    return s == null ? null : Long.valueOf(s);
  }
}
