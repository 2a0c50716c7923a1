package dev.tollgate.redis;

import dev.tollgate.checkout.BillingAccount;
import dev.tollgate.checkout.BillingAccounts;
import dev.tollgate.identity.AccountId;
import dev.tollgate.plan.PlanEntry;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import redis.clients.jedis.UnifiedJedis;

/**
 * Accounts as the upgrade link reads them: the plan fields and linked customers of the account
 * hash ({@code plan, until, cust, c:CUSTOMER}, see {@code stripe_account_plan.lua}) and the
 * {@code email} of its email profile.
 */
public final class RedisBillingAccounts implements BillingAccounts {
  private final UnifiedJedis redis;

  /** Accounts in {@code redis}. */
  public RedisBillingAccounts(UnifiedJedis redis) {
    this.redis = redis;
  }

  @Override
  public BillingAccount lookup(AccountId account) {
    Map<String, String> h = redis.hgetAll(Keys.account(account));
    Optional<PlanEntry> plan = RedisPlanStore.entry(h);
    String email = redis.hget(Keys.accountEmailProfile(account), "email");
    return new BillingAccount(plan, customer(h), Optional.ofNullable(email).filter(e -> !e.isBlank()));
  }

  /**
   * The customer the plan comes from ({@code cust}), else the first linked one: a {@code c:} field
   * holding a customer's entry list (a gate named {@code c} keeps plain numbers under {@code c:}).
   */
  private static Optional<String> customer(Map<String, String> h) {
    String cust = h.get("cust");
    if (cust != null && !cust.isEmpty()) {
      return Optional.of(cust);
    }
    TreeSet<String> linked = new TreeSet<>();
    h.forEach((k, v) -> {
      if (k.startsWith("c:") && (v.startsWith("[") || v.contains("|"))) {
        linked.add(k.substring(2));
      }
    });
    return linked.isEmpty() ? Optional.empty() : Optional.of(linked.first());
  }
}
