package dev.tollgate.admin;

import com.google.gson.JsonObject;
import com.stripe.exception.StripeException;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.ApiKeyStore;
import dev.tollgate.identity.ApiKeys;
import dev.tollgate.redis.RedisApiKeyStore;
import dev.tollgate.redis.RedisEmailQueue;
import dev.tollgate.redis.RedisFunnel;
import dev.tollgate.redis.RedisMeterQueue;
import dev.tollgate.stripe.StripeReconciler;
import dev.tollgate.usage.UsageStoreUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import redis.clients.jedis.UnifiedJedis;

/**
 * The operator actions, run against one stack's Redis: the only implementation, called by
 * the admin function and by the CLI alike (directly, or through the function with
 * {@code --remote}). Each returns its result as the JSON the function answers with.
 */
public final class AdminOperations {
  private final GatingConfig config;
  private final UnifiedJedis redis;
  private final Supplier<StripeReconciler> reconciler;
  private final Clock clock;
  private final AccountOperations account;

  /**
   * Operations on {@code redis} under {@code config}; {@code reconciler} is asked for only by
   * {@code reconcile} (it needs a Stripe key the other actions do not).
   */
  public AdminOperations(GatingConfig config, UnifiedJedis redis, Supplier<StripeReconciler> reconciler, Clock clock) {
    this.config = config;
    this.redis = redis;
    this.reconciler = reconciler;
    this.clock = clock;
    this.account = new AccountOperations(config, redis, clock);
  }

  /** Runs {@code request}; an {@link AdminException} when the config refuses it. */
  public JsonObject run(AdminRequest request) throws StripeException, UsageStoreUnavailableException {
    return switch (request.action()) {
      case KEYS_CREATE -> createKey(request.get("user"), request.get("email"), request.organisation());
      case KEYS_REVOKE -> revokeKey(request.get("key"));
      case USAGE_SHOW -> account.showUsage(request.account(), request.member());
      case USAGE_RESET -> account.resetUsage(request.account(), request.get("loop"));
      case PLAN_SET -> setPlan(request.get("user"), request.get("plan"), request.until());
      case CREDITS_GRANT -> account.grantCredits(request.account(), request.get("id"),
          Long.parseLong(request.get("amount")), request.instant("expires"));
      case CREDITS_SHOW -> account.showCredits(request.account());
      case REPORT -> report(request.days());
      case RECONCILE -> reconcile(request.get("customer"));
    };
  }

  /** The funnel, and the overage per account that did not reach Stripe ({@code meters}). */
  private JsonObject report(int days) {
    JsonObject doc = FunnelReportDoc.build(new RedisFunnel(redis), new RedisEmailQueue(redis), config,
        LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), days);
    doc.add("meters", MeterReportDoc.of(new RedisMeterQueue(redis, clock)));
    return doc;
  }

  private JsonObject createKey(String user, String email, String organisation) {
    ApiKeyStore keys = new RedisApiKeyStore(redis);
    String key = keys.create(user, email, organisation, clock.instant());
    JsonObject o = new JsonObject();
    o.addProperty("user", user);
    o.addProperty("account", organisation == null ? null : "@" + organisation);
    o.addProperty("key", key);
    o.addProperty("keyHash", ApiKeys.sha256Hex(key));
    return o;
  }

  private JsonObject revokeKey(String keyOrHash) {
    JsonObject o = new JsonObject();
    o.addProperty("keyHash", ApiKeys.hashOf(keyOrHash));
    o.addProperty("revoked", new RedisApiKeyStore(redis).revoke(keyOrHash));
    return o;
  }

  private JsonObject setPlan(String user, String plan, Instant until) {
    if (!config.plans().containsKey(plan)) {
      throw new AdminException("plan: " + plan + " is not a plan of the config (plans: " + config.plans().keySet() + ")");
    }
    new ManualPlans(redis).grant(user, plan, until, clock.instant());
    JsonObject o = new JsonObject();
    o.addProperty("user", user);
    o.addProperty("plan", plan);
    o.addProperty("until", until == null ? null : until.toString());
    return o;
  }

  private JsonObject reconcile(String customer) throws StripeException {
    StripeReconciler r = reconciler.get();
    int applied = customer == null ? r.reconcileAll() : r.reconcileCustomer(customer);
    JsonObject o = new JsonObject();
    o.addProperty("customer", customer);
    o.addProperty("applied", applied);
    return o;
  }
}
