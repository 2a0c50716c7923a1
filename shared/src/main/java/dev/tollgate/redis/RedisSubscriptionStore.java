package dev.tollgate.redis;

import dev.tollgate.plan.CreditPurchase;
import dev.tollgate.plan.CustomerState;
import dev.tollgate.plan.StripeChange;
import dev.tollgate.plan.SubscriptionStore;
import java.util.Set;
import redis.clients.jedis.UnifiedJedis;

/**
 * Customer state in one hash per customer ({@code {c:CUSTOMER}}), each change one script
 * ({@code stripe_customer_apply.lua}, through {@link CustomerScript}); linked customers in
 * the set {@code {tg}:cs}.
 */
public final class RedisSubscriptionStore implements SubscriptionStore {
  private final UnifiedJedis redis;

  /** A store over {@code redis}. */
  public RedisSubscriptionStore(UnifiedJedis redis) {
    this.redis = redis;
  }

  @Override
  public Update apply(StripeChange change) {
    return CustomerScript.decode(change.customerId(), CustomerScript.SCRIPT.run(redis, CustomerScript.call(change)));
  }

  @Override
  public Update keepCredits(CreditPurchase purchase) {
    return CustomerScript.decode(purchase.customerId(), CustomerScript.SCRIPT.run(redis, CustomerScript.keepCredits(purchase)));
  }

  @Override
  public void creditsGranted(String customerId, String sessionId) {
    String key = Keys.customer(customerId);
    String field = CustomerScript.creditField(sessionId);
    String kept = redis.hget(key, field);
    if (kept != null && kept.startsWith("p|")) {
      // only a claimed purchase is granted, and nothing but this call changes a claimed one
      redis.hset(key, field, CustomerScript.granted(kept));
    }
  }

  @Override
  public void index(String customerId) {
    redis.sadd(Keys.linkedCustomers(), customerId);
  }

  @Override
  public void formerSettled(String customerId, String formerAccount) {
    redis.hdel(Keys.customer(customerId), CustomerScript.formerField(formerAccount));
  }

  @Override
  public CustomerState get(String customerId) {
    return CustomerScript.state(customerId, redis.hgetAll(Keys.customer(customerId)));
  }

  @Override
  public Set<String> linkedCustomers() {
    return redis.smembers(Keys.linkedCustomers());
  }
}
