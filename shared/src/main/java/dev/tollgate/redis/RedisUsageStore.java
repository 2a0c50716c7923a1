package dev.tollgate.redis;

import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.UserId;
import dev.tollgate.usage.AccountUsage;
import dev.tollgate.usage.CalendarMonth;
import dev.tollgate.usage.Gate;
import dev.tollgate.usage.UsageCall;
import dev.tollgate.usage.UsageGate;
import dev.tollgate.usage.UsageOutcome;
import dev.tollgate.usage.UsageReader;
import dev.tollgate.usage.UsageStore;
import dev.tollgate.usage.UsageStoreUnavailableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@link UsageStore} on Redis: every decision is one {@code EVALSHA} of the
 * {@link DecisionScript} generated for the matched gates, over the account's hash-tagged keys
 * (one cluster slot). This class only runs scripts: the rule is the script, the positions are
 * {@link DecisionCodec}'s.
 */
public final class RedisUsageStore implements UsageStore, UsageReader {
  private static final int TRYAGAIN_RETRIES = 5;

  private final UnifiedJedis redis;
  private final List<String> planNames;
  private final int defaultIndex;
  private final long timelineTtlMs;
  private final DecisionCodec codec;
  private final ConcurrentHashMap<List<Gate>, DecisionScript> scripts = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<List<Gate>, DecisionScript> views = new ConcurrentHashMap<>();
  private volatile long[] month = {0, 0};
  private volatile byte[][] monthBytes = {{'0'}, {'0'}};

  /**
   * A store judging by {@code planNames} ({@code defaultPlan} the default); first limit hits
   * stay in the account's timeline for {@code attributionWindow}.
   */
  public RedisUsageStore(UnifiedJedis redis, List<String> planNames, String defaultPlan, Duration attributionWindow) {
    this.redis = redis;
    this.planNames = List.copyOf(planNames);
    this.defaultIndex = planNames.indexOf(defaultPlan);
    this.timelineTtlMs = attributionWindow.toMillis();
    this.codec = new DecisionCodec(planNames);
  }

  /** The store for {@code config}'s plans (in config order), default plan and attribution window. */
  public static RedisUsageStore forConfig(UnifiedJedis redis, GatingConfig config) {
    return new RedisUsageStore(redis, new ArrayList<>(config.plans().keySet()), config.defaultPlan().name(),
        config.stripe().attributionWindow());
  }

  /** The script deciding {@code gates} (compiled once per gate set). */
  public DecisionScript script(List<Gate> gates) {
    DecisionScript s = scripts.get(gates);
    if (s == null) {
      s = scripts.computeIfAbsent(List.copyOf(gates),
          g -> DecisionScript.compile(planNames, defaultIndex, timelineTtlMs, g));
    }
    return s;
  }

  /** Loads the script of every single gate of {@code config} into Redis ahead of the first request. */
  public void preload(GatingConfig config) {
    for (Gate g : UsageGate.compile(config)) {
      script(List.of(g)).script().preload(redis, Keys.pendingAccounts());
    }
  }

  /** The codec (for benchmarks that run the script raw). */
  public DecisionCodec codec() {
    return codec;
  }

  /** {start, end} of the UTC month of {@code now}, as script arguments (cached per month). */
  public byte[][] monthArgs(long now) {
    long[] m = month;
    if (now >= m[0] && now < m[1]) {
      return monthBytes;
    }
    long[] fresh = CalendarMonth.bounds(now);
    byte[][] bytes = {DecisionCodec.num(fresh[0]), DecisionCodec.num(fresh[1])};
    monthBytes = bytes;
    month = fresh;
    return bytes;
  }

  @Override
  public UsageOutcome consume(UsageCall call) throws UsageStoreUnavailableException {
    return run(call, true);
  }

  @Override
  public UsageOutcome peek(AccountId account, UserId user, List<Gate> gates, Instant now)
      throws UsageStoreUnavailableException {
    return run(new UsageCall(account, user, gates, now, null, ""), false);
  }

  /** One {@code EVALSHA} of the gates' read-only view script ({@link DecisionScript#compileView}): it writes nothing. */
  @Override
  public AccountUsage read(AccountId account, UserId user, List<Gate> gates, Instant now)
      throws UsageStoreUnavailableException {
    DecisionScript view = views.get(gates);
    if (view == null) {
      view = views.computeIfAbsent(List.copyOf(gates), g -> DecisionScript.compileView(planNames, defaultIndex, g));
    }
    List<?> reply = evaluate(view, new UsageCall(account, user, gates, now, null, ""), false);
    return codec.decodeView(view, reply);
  }

  @Override
  public void reset(AccountId account, List<Gate> gates) throws UsageStoreUnavailableException {
    if (gates.isEmpty()) {
      return;
    }
    List<String> fields = new ArrayList<>();
    List<String> members = new ArrayList<>();
    for (Gate g : gates) {
      for (String f : new String[] {"s", "n", "f", "o", "c"}) {
        fields.add(g.gateId() + ":" + f);
      }
      members.add(Keys.accountMembers(account, g.gateId()));
    }
    try {
      redis.hdel(Keys.account(account), fields.toArray(new String[0]));
      redis.del(members.toArray(new String[0]));
    } catch (JedisException e) {
      throw unavailable(e);
    }
  }

  private UsageOutcome run(UsageCall call, boolean consume) throws UsageStoreUnavailableException {
    DecisionScript script = script(call.gates());
    return codec.decode(script, evaluate(script, call, consume));
  }

  /** The reply of {@code script} for {@code call}, retried as Redis asks (TRYAGAIN, a dead pooled connection). */
  private List<?> evaluate(DecisionScript script, UsageCall call, boolean consume) throws UsageStoreUnavailableException {
    List<byte[]> keys = codec.keys(script, call.account());
    List<byte[]> args = codec.args(script, call, consume, monthArgs(call.now().toEpochMilli()));
    for (int attempt = 1; ; attempt++) {
      try {
        List<?> reply = (List<?>) script.script().runBytes(redis, keys, args);
        if (DecisionCodec.isLate(reply)) {
          throw new UsageStoreUnavailableException("Redis ran the decision after its deadline (" + call.deadline()
              + "); it counted nothing", null);
        }
        return reply;
      } catch (JedisDataException e) {
        // TRYAGAIN: the account's slot is being migrated and its keys are split between two
        // nodes; the script did not run, so a short retry is safe and keeps the count exact
        if (attempt > TRYAGAIN_RETRIES || e.getMessage() == null || !e.getMessage().startsWith("TRYAGAIN")) {
          throw unavailable(e);
        }
        pause(attempt * 10L);
      } catch (JedisConnectionException e) {
        // a pooled connection that died (server restart, idle cut) fails fast: retry once on
        // a fresh one; a timeout is not retried, so an outage still answers within one timeout
        if (attempt > 1 || e.getCause() instanceof SocketTimeoutException) {
          throw unavailable(e);
        }
      } catch (JedisException e) {
        throw unavailable(e);
      }
    }
  }

  private static void pause(long ms) throws UsageStoreUnavailableException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UsageStoreUnavailableException("interrupted while Redis asked to try again", e);
    }
  }

  private static UsageStoreUnavailableException unavailable(JedisException e) {
    if (e instanceof JedisDataException && !isTransient(e.getMessage())) {
      throw new IllegalStateException("Redis refused the usage script: " + e.getMessage(), e);
    }
    return new UsageStoreUnavailableException("Redis unavailable: " + e.getClass().getSimpleName() + ": "
        + e.getMessage(), e);
  }

  private static boolean isTransient(String message) {
    if (message == null) {
      return true;
    }
    return message.startsWith("LOADING") || message.startsWith("BUSY") || message.startsWith("MASTERDOWN")
        || message.startsWith("CLUSTERDOWN") || message.startsWith("TRYAGAIN") || message.startsWith("READONLY")
        || message.startsWith("MOVED") || message.startsWith("ASK") || message.startsWith("NOAUTH")
        || message.startsWith("WRONGPASS") || message.startsWith("OOM");
  }
}
