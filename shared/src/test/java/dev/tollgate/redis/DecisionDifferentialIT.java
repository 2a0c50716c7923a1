package dev.tollgate.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.Period;
import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.UserId;
import dev.tollgate.testing.TestRedis;
import dev.tollgate.usage.CalendarMonth;
import dev.tollgate.usage.Gate;
import dev.tollgate.usage.TestGates;
import dev.tollgate.usage.UsageCall;
import dev.tollgate.usage.UsageModel;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The generated decision scripts against the reference model ({@link UsageModel}): long
 * seeded random sequences over many accounts, members and gates — every window kind, route
 * costs, features and entitlements, member shares, credits with expiry, overage with caps,
 * thresholds — with plan changes, clock jumps across window, month and billing boundaries,
 * late (earlier-stamped) calls, resets and bursts of concurrent calls. Every reply is compared
 * slot for slot, and the stored state (account hash, outbox, timeline, credits, member
 * usage) after every step.
 *
 * <p>More seeds: {@code mvn -pl shared -am verify -Dit.test=DecisionDifferentialIT
 * -Dtollgate.diff.seed=N -Dtollgate.diff.steps=20000} (or {@code -Dtollgate.diff.seeds=20} for
 * 20 consecutive seeds from N).
 */
class DecisionDifferentialIT {
  static final List<String> PLANS = List.of("free", "pro", "team");
  static final long SEED = Long.getLong("tollgate.diff.seed", 0x7011_6A7EL);
  static final int SEEDS = Integer.getInteger("tollgate.diff.seeds", 1);
  static final int STEPS = Integer.getInteger("tollgate.diff.steps", 2500);
  static final long HOUR = 3_600_000L;
  static UnifiedJedis redis;

  @BeforeAll
  static void connect() {
    redis = TestRedis.client();
  }

  @AfterAll
  static void close() {
    redis.close();
  }

  @Test
  void theScriptsDecideAsTheModelOnLongRandomSequences() throws Exception {
    for (int i = 0; i < SEEDS; i++) {
      run(SEED + i, STEPS);
    }
  }

  private void run(long seed, int steps) throws Exception {
    Random r = new Random(seed);
    RedisUsageStore store = new RedisUsageStore(redis, PLANS, "free", Duration.ofDays(30));
    List<Gate> pool = gates(r);
    String run = TestRedis.uniqueUser("diff");
    List<AccountId> accounts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      accounts.add(AccountId.personal(UserId.of(run + "-u" + i)));
      accounts.add(AccountId.organisation(run + "-org" + i));
    }
    String[] users = {run + "-u0", run + "-u1", run + "-u2", "m1", "m2"};
    Map<String, UsageModel.Account> model = new HashMap<>();
    accounts.forEach(a -> model.put(a.value(), new UsageModel.Account()));
    long now = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(2)).toEpochMilli() + r.nextInt(1000);
    int compared = 0;
    for (int step = 0; step < steps; step++) {
      String at = "seed " + seed + " step " + step;
      AccountId a = accounts.get(r.nextInt(accounts.size()));
      UsageModel.Account m = model.get(a.value());
      int op = r.nextInt(100);
      if (op < 60) {
        List<Gate> set = pick(r, pool);
        String user = users[r.nextInt(users.length)];
        long t = r.nextInt(10) == 0 ? now - r.nextInt(3000) : now;
        boolean consume = r.nextInt(8) != 0;
        String meta = r.nextBoolean() ? "" : user + "@example.com\u001f";
        compare(at, store, a, m, set, user, t, consume, meta);
        compared++;
      } else if (op < 66) {
        burst(at, store, a, m, pick(r, pool), users[r.nextInt(users.length)], now, 2 + r.nextInt(20));
      } else if (op < 74) {
        plan(r, a, m, now);
      } else if (op < 78) {
        List<String> ent = new ArrayList<>();
        for (String f : new String[] {"export", "search", "beta.x"}) {
          if (r.nextBoolean()) {
            ent.add(f);
          }
        }
        m.ent = ent.isEmpty() ? null : "," + String.join(",", ent) + ",";
        if (m.ent == null) {
          redis.hdel(Keys.account(a), "ent");
        } else {
          redis.hset(Keys.account(a), "ent", m.ent);
        }
      } else if (op < 82) {
        String id = "g" + step;
        long amount = 1 + r.nextInt(8);
        long exp = r.nextInt(3) == 0 ? now + r.nextInt(48) * HOUR : 0;
        new RedisCreditStore(redis).grant(a, id, amount, exp == 0 ? null : Instant.ofEpochMilli(exp),
            Instant.ofEpochMilli(now));
        m.grants.put("g:" + id, new long[] {amount, exp});
      } else if (op < 84) {
        List<Gate> set = pick(r, pool);
        store.reset(a, set);
        for (Gate g : set) {
          for (String f : new String[] {"s", "n", "f", "o", "c"}) {
            m.fields.remove(g.gateId() + ":" + f);
          }
          m.members.remove(g.gateId());
        }
      } else {
        now += switch (r.nextInt(6)) {
          case 0 -> r.nextInt(1000);
          case 1 -> r.nextInt((int) HOUR);
          case 2 -> 2 * HOUR + r.nextInt((int) (20 * HOUR));
          case 3 -> nextMonthStart(now) - now + r.nextInt(3) - 1;
          default -> r.nextInt(60_000);
        };
      }
      assertSameState(at, a, m);
    }
    System.out.printf("decision differential: seed %d, %d steps, %d decisions compared, %d gates in the pool%n", seed,
        steps, compared, pool.size());
    assertThat(compared).isGreaterThan(steps / 3);
  }

  private void compare(String at, RedisUsageStore store, AccountId a, UsageModel.Account m, List<Gate> set,
      String user, long now, boolean consume, String meta) {
    long[] month = CalendarMonth.bounds(now);
    long[] expected = UsageModel.decide(m, set, new UsageModel.Call(now, consume, month[0], month[1], user, meta),
        PLANS, 0);
    DecisionScript script = store.script(set);
    UsageCall call = new UsageCall(a, UserId.of(user), set, Instant.ofEpochMilli(now), null, meta);
    List<?> reply = (List<?>) script.script().runBytes(redis, store.codec().keys(script, a),
        store.codec().args(script, call, consume, store.monthArgs(now)));
    // the script's compact reply, with what it leaves out derived from the gates, slot for slot against the model's
    List<Long> actual = new ArrayList<>();
    for (long x : DecisionCodec.expand(script, reply)) {
      actual.add(x);
    }
    List<Long> want = new ArrayList<>();
    for (long v : expected) {
      want.add(v);
    }
    assertThat(actual).as("%s: %s %s of %s by %s at %d", at, consume ? "consume" : "peek", set, a, user, now)
        .isEqualTo(want);
  }

  /** Identical calls at once: Redis serialises them; the model applies as many in a row. */
  private void burst(String at, RedisUsageStore store, AccountId a, UsageModel.Account m, List<Gate> set, String user,
      long now, int calls) throws Exception {
    DecisionScript script = store.script(set);
    UsageCall call = new UsageCall(a, UserId.of(user), set, Instant.ofEpochMilli(now), null, "");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<List<?>>> replies = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      replies.add(pool.submit(() -> (List<?>) script.script().runBytes(redis, store.codec().keys(script, a),
          store.codec().args(script, call, true, store.monthArgs(now)))));
    }
    Map<String, Integer> got = new TreeMap<>();
    for (Future<List<?>> f : replies) {
      List<Long> l = new ArrayList<>();
      for (long x : DecisionCodec.expand(script, f.get())) {
        l.add(x);
      }
      got.merge(l.toString(), 1, Integer::sum);
    }
    pool.shutdown();
    long[] month = CalendarMonth.bounds(now);
    Map<String, Integer> want = new TreeMap<>();
    for (int i = 0; i < calls; i++) {
      long[] e = UsageModel.decide(m, set, new UsageModel.Call(now, true, month[0], month[1], user, ""), PLANS, 0);
      List<Long> l = new ArrayList<>();
      for (long v : e) {
        l.add(v);
      }
      want.merge(l.toString(), 1, Integer::sum);
    }
    assertThat(got).as("%s: burst of %d %s on %s", at, calls, set, a).isEqualTo(want);
  }

  private void plan(Random r, AccountId a, UsageModel.Account m, long now) {
    String key = Keys.account(a);
    int k = r.nextInt(5);
    if (k == 0) {
      m.plan = UsageModel.PlanState.NONE;
      redis.hdel(key, "plan", "until", "ps", "pe");
      return;
    }
    String plan = k == 4 ? "unknown" : PLANS.get(r.nextInt(PLANS.size()));
    long until = r.nextInt(3) == 0 ? now + r.nextInt(30) * HOUR - 5 * HOUR : 0;
    long ps = 0;
    long pe = 0;
    if (r.nextBoolean()) {
      ps = now - r.nextInt(20) * 24 * HOUR;
      pe = ps + (r.nextInt(4) == 0 ? -HOUR : (5 + r.nextInt(30)) * 24 * HOUR);
    }
    m.plan = new UsageModel.PlanState(plan, until, ps, pe);
    redis.hdel(key, "until", "ps", "pe");
    Map<String, String> h = new HashMap<>();
    h.put("plan", plan);
    if (until > 0) {
      h.put("until", Long.toString(until));
    }
    if (pe > 0) {
      h.put("ps", Long.toString(ps));
      h.put("pe", Long.toString(pe));
    }
    redis.hset(key, h);
    redis.persist(key);
  }

  private void assertSameState(String at, AccountId a, UsageModel.Account m) {
    Map<String, String> hash = new TreeMap<>(redis.hgetAll(Keys.account(a)));
    hash.keySet().removeIf(f -> f.equals("plan") || f.equals("until") || f.equals("ps") || f.equals("pe")
        || f.equals("ent"));
    Map<String, String> want = new TreeMap<>();
    m.fields.forEach((f, v) -> want.put(f, Long.toString(v)));
    if (m.px != null) {
      want.put("px", Long.toString(m.px));
    }
    assertThat(hash).as("%s: account hash of %s", at, a).isEqualTo(want);
    assertThat(redis.lrange(Keys.accountOutbox(a), 0, -1)).as("%s: outbox", at).isEqualTo(m.outbox);
    Map<String, String> timeline = new TreeMap<>(redis.hgetAll(Keys.accountTimeline(a)));
    Map<String, String> wantTimeline = new TreeMap<>();
    m.timeline.forEach((f, v) -> wantTimeline.put(f, Long.toString(v)));
    assertThat(timeline).as("%s: timeline", at).isEqualTo(wantTimeline);
    Map<String, String> credits = new TreeMap<>();
    redis.hgetAll(Keys.accountCredits(a)).forEach((f, v) -> credits.put(f, v.substring(0, v.indexOf('|', v.indexOf('|') + 1))));
    Map<String, String> wantCredits = new TreeMap<>();
    m.grants.forEach((f, v) -> wantCredits.put(f, v[0] + "|" + v[1]));
    assertThat(credits).as("%s: credit grants (remaining|expires)", at).isEqualTo(wantCredits);
    for (Map.Entry<String, Map<String, Long>> e : m.members.entrySet()) {
      Map<String, String> members = new TreeMap<>(redis.hgetAll(Keys.accountMembers(a, e.getKey())));
      Map<String, String> wantMembers = new TreeMap<>();
      e.getValue().forEach((f, v) -> wantMembers.put(f, Long.toString(v)));
      assertThat(members).as("%s: members of %s", at, e.getKey()).isEqualTo(wantMembers);
    }
  }

  private static long nextMonthStart(long now) {
    return CalendarMonth.bounds(now)[1];
  }

  /** A random subset (1..3, no gate twice) of the pool, in random order. */
  private static List<Gate> pick(Random r, List<Gate> pool) {
    int n = 1 + (r.nextInt(4) == 0 ? r.nextInt(3) : 0);
    Map<String, Gate> set = new LinkedHashMap<>();
    while (set.size() < n) {
      Gate g = pool.get(r.nextInt(pool.size()));
      set.putIfAbsent(g.gateId(), g);
    }
    return List.copyOf(set.values());
  }

  /** Gates of every kind, with random limits and pricing; plan order free, pro, team. */
  private static List<Gate> gates(Random r) {
    List<Gate> out = new ArrayList<>();
    Period[] periods = {new Period(Period.Kind.FIXED, Duration.ofHours(1)),
        new Period(Period.Kind.FIXED, Duration.ofDays(1)), new Period(Period.Kind.MONTH, Duration.ZERO),
        new Period(Period.Kind.BILLING, Duration.ZERO)};
    for (int i = 0; i < 10; i++) {
      long[] limits = {r.nextInt(6), r.nextInt(3) == 0 ? -1 : 3 + r.nextInt(10), r.nextInt(2) == 0 ? -1 : 20};
      long[] members = {r.nextInt(3) == 0 ? 1 + r.nextInt(4) : -1, r.nextInt(4) == 0 ? 2 + r.nextInt(5) : -1, -1};
      long[] caps = {Gate.NO_OVERAGE, limits[1] >= 0 && r.nextBoolean() ? (r.nextInt(3) == 0 ? -1 : r.nextInt(6))
          : Gate.NO_OVERAGE, limits[2] >= 0 && r.nextBoolean() ? 4 : Gate.NO_OVERAGE};
      String[] meters = new String[3];
      for (int p = 0; p < 3; p++) {
        meters[p] = caps[p] == Gate.NO_OVERAGE ? null : (p == 1 ? "api_requests" : "team_requests");
      }
      int[] thresholds = r.nextBoolean() ? new int[0] : r.nextBoolean() ? new int[] {800} : new int[] {500, 800, 1000};
      Gate g = TestGates.usage("g" + i, periods[r.nextInt(periods.length)], limits, 0)
          .with(1 + (r.nextInt(3) == 0 ? r.nextInt(4) : 0), members, r.nextInt(3) == 0, caps, meters, thresholds);
      out.add(g);
    }
    out.add(TestGates.feature("fx", "export", new boolean[] {false, true, true}));
    out.add(TestGates.feature("fb", "beta.x", new boolean[] {false, false, false}));
    return out;
  }
}
