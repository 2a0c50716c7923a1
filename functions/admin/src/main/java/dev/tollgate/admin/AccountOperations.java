package dev.tollgate.admin;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.credits.CreditStore;
import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.UserId;
import dev.tollgate.meter.MeterLedger;
import dev.tollgate.redis.RedisCreditStore;
import dev.tollgate.redis.RedisMeterLedger;
import dev.tollgate.redis.RedisUsageStore;
import dev.tollgate.usage.AccountUsage;
import dev.tollgate.usage.Gate;
import dev.tollgate.usage.UsageGate;
import dev.tollgate.usage.UsageStoreUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * The operator actions on one account ({@code @org}, or a user's own): its usage as a member
 * sees it with its overage and credits, forgetting its windows, and its prepaid credits.
 */
final class AccountOperations {
  private final GatingConfig config;
  private final UnifiedJedis redis;
  private final Clock clock;

  AccountOperations(GatingConfig config, UnifiedJedis redis, Clock clock) {
    this.config = config;
    this.redis = redis;
    this.clock = clock;
  }

  /**
   * {@code usage.show}: counts nothing. The member limits shown are {@code member}'s (default:
   * the user of a personal account; for an organisation, a member with no calls of its own).
   */
  JsonObject showUsage(AccountId account, String member) throws UsageStoreUnavailableException {
    UserId who = member != null ? UserId.of(member)
        : account.isOrganisation() ? UserId.of(account.value()) : account.personalUser();
    Instant now = clock.instant();
    // the read GET /usage makes (one script, no writes); credits read apart only when no loop uses them
    AccountUsage u = RedisUsageStore.forConfig(redis, config).read(account, who, UsageGate.compile(config), now);
    MeterLedger.AccountMeters meters = new RedisMeterLedger(redis).read(account);
    long credits = u.credits() != null ? u.credits().balance() : new RedisCreditStore(redis).show(account, now).balance();
    return UsageDoc.of(account, who, u.outcome(), meters, credits);
  }

  /** {@code usage.reset}: the account's windows of all loops, or of {@code loop}; overage counted stays counted. */
  JsonObject resetUsage(AccountId account, String loop) throws UsageStoreUnavailableException {
    if (loop != null && config.loop(loop).isEmpty()) {
      throw new AdminException("loop: " + loop + " is not a loop of the config (loops: "
          + config.loops().stream().map(GatingConfig.Loop::name).toList() + ")");
    }
    List<Gate> gates = UsageGate.compile(config).stream().filter(g -> loop == null || g.loop().equals(loop)).toList();
    RedisUsageStore.forConfig(redis, config).reset(account, gates);
    JsonObject o = new JsonObject();
    o.addProperty("account", account.value());
    o.addProperty("loop", loop);
    o.addProperty("gates", gates.size());
    return o;
  }

  /** {@code credits.grant}: idempotent per grant id ({@code granted} false when it was already given). */
  JsonObject grantCredits(AccountId account, String id, long amount, Instant expires) {
    Instant now = clock.instant();
    if (expires != null && !expires.isAfter(now)) {
      throw new AdminException("expires: " + expires + " is not in the future");
    }
    CreditStore store = new RedisCreditStore(redis);
    boolean granted = store.grant(account, id, amount, expires, now);
    JsonObject o = new JsonObject();
    o.addProperty("account", account.value());
    o.addProperty("id", id);
    o.addProperty("amount", amount);
    o.addProperty("expires", expires == null ? null : expires.toString());
    o.addProperty("granted", granted);
    o.addProperty("balance", store.show(account, now).balance());
    return o;
  }

  /** {@code credits.show}: {@code {account, balance, grants: [{id, remaining, granted, grantedAt, expires, live}]}}. */
  JsonObject showCredits(AccountId account) {
    Instant now = clock.instant();
    CreditStore.Credits c = new RedisCreditStore(redis).show(account, now);
    JsonObject doc = new JsonObject();
    doc.addProperty("account", account.value());
    doc.addProperty("balance", c.balance());
    JsonArray grants = new JsonArray();
    for (CreditStore.Grant g : c.grants()) {
      JsonObject o = new JsonObject();
      o.addProperty("id", g.id());
      o.addProperty("remaining", g.remaining());
      o.addProperty("granted", g.granted());
      o.addProperty("grantedAt", g.grantedAt().toString());
      o.addProperty("expires", g.expires() == null ? null : g.expires().toString());
      o.addProperty("live", g.liveAt(now));
      grants.add(o);
    }
    doc.add("grants", grants);
    return doc;
  }
}
