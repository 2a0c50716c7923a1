package dev.tollgate.redis;

import dev.tollgate.config.GatingConfig;
import dev.tollgate.config.Period;
import dev.tollgate.usage.Gate;
import dev.tollgate.usage.GateResult;
import dev.tollgate.usage.UsageOutcome;
import dev.tollgate.usage.UsageRules;
import dev.tollgate.usage.UsageStore;
import dev.tollgate.usage.UsageStoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.UnifiedJedis;
import java.net.SocketTimeoutException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@link UsageStore} on Redis: every decision is one {@code EVALSHA} of {@code decide.lua}
 * over the user's hash-tagged keys (one cluster slot). Arguments that never change per
 * gate are encoded once.
 */
public final class RedisUsageStore implements UsageStore {
  private static final LuaScript DECIDE = LuaScript.load("decide.lua");
  private static final int TRYAGAIN_RETRIES = 5;
  private static final byte[] ONE = {'1'};
  private static final byte[] ZERO = {'0'};

  private final UnifiedJedis redis;
  private final List<byte[]> planArgs;
  private final byte[] defaultIndex;
  private final byte[] timelineTtl;
  private final int planCount;
  private final ConcurrentHashMap<String, Encoded> gateArgs = new ConcurrentHashMap<>();
  private volatile long[] month = {0, 0};
  private volatile byte[][] monthBytes = {ZERO, ZERO};

  /**
   * A store judging by {@code planNames} ({@code defaultPlan} the default); first limit hits
   * stay in the user's timeline for {@code attributionWindow}.
   */
  public RedisUsageStore(UnifiedJedis redis, List<String> planNames, String defaultPlan, Duration attributionWindow) {
    this.redis = redis;
    this.planCount = planNames.size();
    List<byte[]> names = new ArrayList<>(planCount + 1);
    names.add(num(planCount));
    for (String p : planNames) {
      names.add(p.getBytes(StandardCharsets.UTF_8));
    }
    this.planArgs = List.copyOf(names);
    this.defaultIndex = num(planNames.indexOf(defaultPlan) + 1);
    this.timelineTtl = num(attributionWindow.toMillis());
  }

  /** The store for {@code config}'s plans (in config order), default plan and attribution window. */
  public static RedisUsageStore forConfig(UnifiedJedis redis, GatingConfig config) {
    return new RedisUsageStore(redis, new ArrayList<>(config.plans().keySet()), config.defaultPlan().name(),
        config.stripe().attributionWindow());
  }

  /** The decision script (for priming and for benchmarks that run it raw). */
  public static LuaScript script() {
    return DECIDE;
  }

  @Override
  public UsageOutcome consume(String userId, List<Gate> gates, Instant now) throws UsageStoreUnavailableException {
    return run(userId, gates, now, true);
  }

  @Override
  public UsageOutcome peek(String userId, List<Gate> gates, Instant now) throws UsageStoreUnavailableException {
    return run(userId, gates, now, false);
  }

  @Override
  public void reset(String userId, List<Gate> gates) throws UsageStoreUnavailableException {
    if (gates.isEmpty()) {
      return;
    }
    String[] keys = new String[gates.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = Keys.window(userId, gates.get(i).gateId());
    }
    try {
      redis.del(keys);
    } catch (JedisException e) {
      throw unavailable(e);
    }
  }

  /** The encoded arguments of one {@code decide.lua} call (exposed for the benchmark's raw loop). */
  public List<byte[]> keys(String userId, List<Gate> gates) {
    List<byte[]> keys = new ArrayList<>(2 + gates.size());
    keys.add(Keys.bytes(Keys.plan(userId)));
    keys.add(Keys.bytes(Keys.timeline(userId)));
    for (Gate g : gates) {
      keys.add(Keys.bytes(Keys.window(userId, g.gateId())));
    }
    return keys;
  }

  /** The argument list of one {@code decide.lua} call. */
  public List<byte[]> args(List<Gate> gates, long now, boolean consume) {
    byte[][] mb = monthBytes(now);
    List<byte[]> args = new ArrayList<>(5 + planCount + gates.size() * (6 + planCount));
    args.add(num(now));
    args.add(timelineTtl);
    args.add(defaultIndex);
    args.add(consume ? ONE : ZERO);
    args.addAll(planArgs);
    for (Gate g : gates) {
      Encoded enc = gateArgs.get(g.gateId());
      if (enc == null || enc.gate != g) {
        enc = new Encoded(g, encode(g));
        gateArgs.put(g.gateId(), enc);
      }
      byte[][] fixed = enc.args;
      args.add(fixed[0]);
      args.add(fixed[1]);
      args.add(fixed[2]);
      args.add(mb[0]);
      args.add(mb[1]);
      for (int i = 3; i < fixed.length; i++) {
        args.add(fixed[i]);
      }
    }
    return args;
  }

  private UsageOutcome run(String userId, List<Gate> gates, Instant now, boolean consume)
      throws UsageStoreUnavailableException {
    long t = now.toEpochMilli();
    List<byte[]> keys = keys(userId, gates);
    List<byte[]> args = args(gates, t, consume);
    for (int attempt = 1; ; attempt++) {
      try {
        return parse((List<?>) DECIDE.runBytes(redis, keys, args), gates);
      } catch (JedisDataException e) {
        // TRYAGAIN: the user's slot is being migrated and its keys are split between two
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

  private UsageOutcome parse(List<?> r, List<Gate> gates) {
    boolean allowed = ((Long) r.get(0)) == 1L;
    int plan = (int) (long) (Long) r.get(1) - 1;
    List<GateResult> results = new ArrayList<>(gates.size());
    for (int i = 0; i < gates.size(); i++) {
      int o = 2 + i * 5;
      long flags = (Long) r.get(o + 4);
      results.add(new GateResult(gates.get(i), (flags & 1) != 0, (Long) r.get(o), (Long) r.get(o + 1),
          Instant.ofEpochMilli((Long) r.get(o + 2)), Instant.ofEpochMilli((Long) r.get(o + 3)), (flags & 2) != 0,
          (flags & 4) != 0));
    }
    return new UsageOutcome(allowed, planName(plan), results);
  }

  private String planName(int index) {
    return new String(planArgs.get(index + 1), StandardCharsets.UTF_8);
  }

  private byte[][] monthBytes(long now) {
    long[] m = month;
    if (now >= m[0] && now < m[1]) {
      return monthBytes;
    }
    long[] fresh = UsageRules.monthBounds(now);
    byte[][] bytes = {num(fresh[0]), num(fresh[1])};
    monthBytes = bytes;
    month = fresh;
    return bytes;
  }

  private byte[][] encode(Gate g) {
    byte[][] out = new byte[4 + planCount][];
    out[0] = g.loop().getBytes(StandardCharsets.UTF_8);
    Period.Kind kind = g.period().kind();
    out[1] = new byte[] {(byte) (kind == Period.Kind.FIXED ? 'f' : kind == Period.Kind.MONTH ? 'c' : 'b')};
    out[2] = num(g.period().length().toMillis());
    out[3] = num(g.warnPermille());
    for (int i = 0; i < planCount; i++) {
      out[4 + i] = num(g.limit(i));
    }
    return out;
  }

  /** A gate's unchanging arguments, kept with the gate they were encoded from. */
  private record Encoded(Gate gate, byte[][] args) {}

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

  private static byte[] num(long v) {
    return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
  }
}
