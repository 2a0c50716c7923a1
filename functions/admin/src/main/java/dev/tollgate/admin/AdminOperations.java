package dev.tollgate.admin;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.stripe.exception.StripeException;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.ApiKeyStore;
import dev.tollgate.identity.ApiKeys;
import dev.tollgate.redis.RedisApiKeyStore;
import dev.tollgate.redis.RedisEmailQueue;
import dev.tollgate.redis.RedisFunnel;
import dev.tollgate.redis.RedisLimitActivity;
import dev.tollgate.redis.RedisUsageStore;
import dev.tollgate.stripe.StripeReconciler;
import dev.tollgate.usage.Gate;
import dev.tollgate.usage.GateResult;
import dev.tollgate.usage.UsageGate;
import dev.tollgate.usage.UsageOutcome;
import dev.tollgate.usage.UsageStoreUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
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

  /**
   * Operations on {@code redis} under {@code config}; {@code reconciler} is asked for only by
   * {@code reconcile} (it needs a Stripe key the other actions do not).
   */
  public AdminOperations(GatingConfig config, UnifiedJedis redis, Supplier<StripeReconciler> reconciler, Clock clock) {
    this.config = config;
    this.redis = redis;
    this.reconciler = reconciler;
    this.clock = clock;
  }

  /** Runs {@code request}; an {@link AdminException} when the config refuses it. */
  public JsonObject run(AdminRequest request) throws StripeException, UsageStoreUnavailableException {
    return switch (request.action()) {
      case KEYS_CREATE -> createKey(request.get("user"), request.get("email"));
      case KEYS_REVOKE -> revokeKey(request.get("key"));
      case USAGE_SHOW -> showUsage(request.get("user"));
      case USAGE_RESET -> resetUsage(request.get("user"), request.get("loop"));
      case PLAN_SET -> setPlan(request.get("user"), request.get("plan"), request.until());
      case REPORT -> report(request.days());
      case RECONCILE -> reconcile(request.get("customer"));
    };
  }

  private JsonObject report(int days) {
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    JsonObject doc = FunnelReportDoc.build(new RedisFunnel(redis), new RedisEmailQueue(redis), config, today, days);
    LimitActivityDoc.add(doc, new RedisLimitActivity(redis), today.minusDays(days - 1L), today, now);
    return doc;
  }

  private JsonObject createKey(String user, String email) {
    ApiKeyStore keys = new RedisApiKeyStore(redis);
    String key = keys.create(user, email, clock.instant());
    JsonObject o = new JsonObject();
    o.addProperty("user", user);
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

  private JsonObject showUsage(String user) throws UsageStoreUnavailableException {
    UsageOutcome o = RedisUsageStore.forConfig(redis, config).peek(user, UsageGate.compile(config), clock.instant());
    JsonObject doc = new JsonObject();
    doc.addProperty("user", user);
    doc.addProperty("plan", o.plan());
    JsonArray arr = new JsonArray();
    for (GateResult r : o.gates()) {
      JsonObject g = new JsonObject();
      g.addProperty("loop", r.gate().loop());
      g.addProperty("gate", r.gate().gateId());
      g.addProperty("used", r.used());
      g.addProperty("limit", r.limit());
      g.addProperty("resetAt", r.used() == 0 ? null : String.valueOf(r.resetAt()));
      arr.add(g);
    }
    doc.add("gates", arr);
    return doc;
  }

  private JsonObject resetUsage(String user, String loop) throws UsageStoreUnavailableException {
    if (loop != null && config.loop(loop).isEmpty()) {
      throw new AdminException("loop: " + loop + " is not a loop of the config (loops: "
          + config.loops().stream().map(GatingConfig.Loop::name).toList() + ")");
    }
    List<Gate> gates = UsageGate.compile(config).stream().filter(g -> loop == null || g.loop().equals(loop)).toList();
    RedisUsageStore.forConfig(redis, config).reset(user, gates);
    JsonObject o = new JsonObject();
    o.addProperty("user", user);
    o.addProperty("loop", loop);
    o.addProperty("gates", gates.size());
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
