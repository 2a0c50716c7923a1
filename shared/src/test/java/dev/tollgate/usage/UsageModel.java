package dev.tollgate.usage;

import dev.tollgate.config.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference model of the decision: the rule the generated Lua implements
 * ({@code dev.tollgate.redis.DecisionScript}), written plainly in Java over an in-memory
 * account. It lives in tests only; {@code DecisionDifferentialIT} runs long random sequences
 * through it and through real Redis and compares every reply and the stored state.
 *
 * <p>{@link #decide} returns the script's reply, slot for slot.
 */
public final class UsageModel {
  private UsageModel() {}

  /** A stored plan state: plan name (null = default), lapse time and billing period (0 = none). */
  public record PlanState(String plan, long until, long periodStart, long periodEnd) {
    /** No stored state: the default plan. */
    public static final PlanState NONE = new PlanState(null, 0, 0, 0);
  }

  /** One account as the script sees it (mutable; the in-memory fake's storage). */
  public static final class Account {
    public PlanState plan = PlanState.NONE;
    /** Stripe entitlements, as stored: ",a,b," (null = none). */
    public String ent;
    public Long px;
    /** Gate fields: "G:s", "G:n", "G:f", "G:o", "G:c", and "M:METER". */
    public final Map<String, Long> fields = new HashMap<>();
    /** Credit grants: id -> {remaining, expiresMs (0 = never)}, plus the rest of their text. */
    public final TreeMap<String, long[]> grants = new TreeMap<>();
    public final Map<String, String> grantRest = new HashMap<>();
    /** Member usage per gate: "s" -> start, user -> units. */
    public final Map<String, Map<String, Long>> members = new HashMap<>();
    public final List<String> outbox = new ArrayList<>();
    public final Map<String, Long> timeline = new LinkedHashMap<>();
  }

  /** One call's inputs besides the account and gates. */
  public record Call(long now, boolean consume, long monthStart, long monthEnd, String user, String meta) {}

  /** The script's reply for {@code call} on {@code a}, applying its writes to {@code a}. */
  public static long[] decide(Account a, List<Gate> gates, Call call, List<String> plans, int defaultPlan) {
    long now = call.now();
    int p = defaultPlan;
    if (a.plan.plan() != null && (a.plan.until() <= 0 || now < a.plan.until())) {
      int i = plans.indexOf(a.plan.plan());
      if (i >= 0) {
        p = i;
      }
    }
    int k = gates.size();
    G[] gs = new G[k];
    boolean ok = true;
    Long[] cr = {null};
    long[] crUsed = {0};
    for (int i = 0; i < k; i++) {
      gs[i] = check(a, gates.get(i), p, call, cr, crUsed);
      ok &= gs[i].code == 0;
    }
    boolean pend = false;
    long maxEn = 0;
    int outboxBefore = a.outbox.size();
    if (call.consume()) {
      if (ok) {
        for (int i = 0; i < k; i++) {
          G x = gs[i];
          pend |= commit(a, gates.get(i), x, p, call);
          if (x.fr && gates.get(i).kind() == Gate.Kind.USAGE) {
            maxEn = Math.max(maxEn, x.en);
          }
        }
        drawCredits(a, crUsed[0], now);
      } else {
        for (int i = 0; i < k; i++) {
          G x = gs[i];
          if (x.code != 0 && (x.f & 1) == 0) {
            firstDenial(a, gates.get(i), x, p, call);
            pend = true;
            if (x.fr) {
              maxEn = Math.max(maxEn, x.en);
            }
          }
        }
      }
      if (pend && a.px == null) {
        a.px = now;
        if (a.outbox.size() == outboxBefore) {
          a.outbox.add("P\t" + now);
        }
      }
    }
    long[] r = new long[4 + k * 10];
    r[0] = ok ? 1 : 0;
    r[1] = p + 1;
    r[2] = a.px == null ? 0 : a.px;
    r[3] = cr[0] == null ? -1 : cr[0] - crUsed[0];
    for (int i = 0; i < k; i++) {
      G x = gs[i];
      long[] v = {x.n, x.lim, x.st, x.en, x.fl, x.code, x.tc, x.o, x.mu, x.ml};
      System.arraycopy(v, 0, r, 4 + i * 10, 10);
    }
    return r;
  }

  /** Per-gate working values, named as in the script. */
  private static final class G {
    long s = -1;
    boolean hasS;
    long st;
    long en;
    boolean fr;
    long n;
    long f;
    long o;
    long c;
    long lim = -1;
    long ti;
    long tc;
    long to;
    int code;
    long mu = -1;
    long ml = -1;
    boolean memberFresh;
    long fl;
  }

  private static G check(Account a, Gate g, int p, Call call, Long[] cr, long[] crUsed) {
    G x = new G();
    String id = g.gateId();
    Long s = a.fields.get(id + ":s");
    x.hasS = s != null;
    x.s = s == null ? 0 : s;
    long now = call.now();
    x.st = call.monthStart();
    x.en = call.monthEnd();
    if (g.kind() == Gate.Kind.FEATURE) {
      joinNewer(x, now);
      x.fr = !x.hasS || x.s != x.st;
      x.f = x.fr ? 0 : a.fields.getOrDefault(id + ":f", 0L);
      boolean has = g.planHasFeature(p) || (a.ent != null && a.ent.contains("," + g.feature() + ","));
      x.code = has ? 0 : 2;
      x.fl = x.code == 0 ? 1 : 0;
      return x;
    }
    Period period = g.period();
    if (period.kind() == Period.Kind.FIXED) {
      long len = period.length().toMillis();
      if (x.hasS && now < x.s + len) {
        x.st = x.s;
        x.en = x.s + len;
      } else {
        x.st = now;
        x.en = now + len;
      }
    } else {
      PlanState ps = a.plan;
      // a stored period is both fields (written together when periodEnd > 0)
      if (period.kind() == Period.Kind.BILLING && ps.periodEnd() > 0 && ps.periodEnd() > ps.periodStart()
          && now >= ps.periodStart() && now < ps.periodEnd()) {
        x.st = ps.periodStart();
        x.en = ps.periodEnd();
      }
      joinNewer(x, now);
    }
    x.fr = !x.hasS || x.s != x.st;
    if (!x.fr) {
      x.n = a.fields.getOrDefault(id + ":n", 0L);
      x.f = a.fields.getOrDefault(id + ":f", 0L);
      x.o = g.hasOverage() ? a.fields.getOrDefault(id + ":o", 0L) : 0;
      x.c = g.credits() ? a.fields.getOrDefault(id + ":c", 0L) : 0;
    }
    x.lim = g.limit(p);
    long cost = g.cost();
    x.ti = cost;
    if (g.tracksMembers()) {
      Map<String, Long> m = a.members.get(id);
      x.memberFresh = m == null || !Long.valueOf(x.st).equals(m.get("s"));
      x.mu = x.memberFresh ? 0 : m.getOrDefault(call.user(), 0L);
      x.ml = g.memberLimit(p);
      if (x.ml >= 0 && x.mu + cost > x.ml) {
        x.code = 3;
      }
    }
    if (x.code == 0 && x.lim >= 0 && x.n + cost > x.lim) {
      long r = Math.max(0, x.lim - x.n);
      long rest = cost - r;
      x.ti = r;
      long cap = g.overageCap(p);
      if (g.credits() && balance(a, cr, now) - crUsed[0] >= rest) {
        x.tc = rest;
        crUsed[0] += rest;
      } else if (cap != Gate.NO_OVERAGE && (cap < 0 || x.o + rest <= cap)) {
        x.to = rest;
      } else {
        x.code = cap != Gate.NO_OVERAGE ? 4 : 1;
      }
    }
    x.fl = x.code == 0 ? 1 : 0;
    return x;
  }

  private static void joinNewer(G x, long now) {
    if (x.hasS && x.s > x.st && now < x.s) {
      x.st = x.s;
      x.en = x.s;
    }
  }

  private static long balance(Account a, Long[] cr, long now) {
    if (cr[0] == null) {
      long sum = 0;
      for (long[] gr : a.grants.values()) {
        if (gr[0] > 0 && (gr[1] == 0 || gr[1] > now)) {
          sum += gr[0];
        }
      }
      cr[0] = sum;
    }
    return cr[0];
  }

  private static boolean commit(Account a, Gate g, G x, int p, Call call) {
    if (g.kind() == Gate.Kind.FEATURE) {
      return false;
    }
    String id = g.gateId();
    boolean pend = false;
    long nf = x.f;
    for (int i = 0; i < g.thresholdCount(); i++) {
      long bit = 2L << i;
      if (x.lim > 0 && (nf & bit) == 0 && x.n + x.ti >= Gate.thresholdUnits(x.lim, g.threshold(i))) {
        nf += bit;
        a.outbox.add(event("T", g, call, x.n + x.ti, x, p, Integer.toString(g.threshold(i))));
        pend = true;
      }
    }
    if (x.fr) {
      a.fields.put(id + ":s", x.st);
      a.fields.put(id + ":n", x.ti);
      a.fields.put(id + ":f", nf);
      if (g.hasOverage()) {
        a.fields.put(id + ":o", x.to);
      }
      if (g.credits()) {
        a.fields.put(id + ":c", x.tc);
      }
    } else {
      a.fields.merge(id + ":n", x.ti, Long::sum);
      if (g.hasOverage() && x.to > 0) {
        a.fields.merge(id + ":o", x.to, Long::sum);
      }
      if (g.credits() && x.tc > 0) {
        a.fields.merge(id + ":c", x.tc, Long::sum);
      }
      a.fields.put(id + ":f", nf);
    }
    x.n += x.ti;
    if (g.hasOverage()) {
      if (x.to > 0) {
        String meter = g.overageMeter(p);
        a.fields.merge("M:" + (meter == null ? "" : meter), x.to, Long::sum);
        pend = true;
      }
      x.o += x.to;
    }
    if (g.tracksMembers()) {
      Map<String, Long> m = a.members.get(id);
      if (x.memberFresh) {
        m = new HashMap<>();
        m.put("s", x.st);
        a.members.put(id, m);
      }
      m.merge(call.user(), g.cost(), Long::sum);
      x.mu += g.cost();
    }
    x.fl = 1 + 2 * (nf - x.f);
    return pend;
  }

  private static void firstDenial(Account a, Gate g, G x, int p, Call call) {
    String id = g.gateId();
    if (x.fr) {
      a.fields.put(id + ":s", x.st);
      if (g.kind() == Gate.Kind.USAGE) {
        a.fields.put(id + ":n", 0L);
        if (g.hasOverage()) {
          a.fields.put(id + ":o", 0L);
        }
        if (g.credits()) {
          a.fields.put(id + ":c", 0L);
        }
      }
      a.fields.put(id + ":f", 1L);
    } else {
      a.fields.put(id + ":f", x.f + 1);
    }
    a.outbox.add(event("L", g, call, x.n, x, p, Integer.toString(x.code)));
    a.timeline.put("h:" + g.loop(), call.now());
    x.fl = 2;
  }

  private static void drawCredits(Account a, long need, long now) {
    if (need <= 0) {
      return;
    }
    List<Map.Entry<String, long[]>> live = new ArrayList<>();
    for (Map.Entry<String, long[]> e : a.grants.entrySet()) {
      if (e.getValue()[0] > 0 && (e.getValue()[1] == 0 || e.getValue()[1] > now)) {
        live.add(e);
      }
    }
    live.sort((x, y) -> {
      double ex = x.getValue()[1] == 0 ? Double.MAX_VALUE : x.getValue()[1];
      double ey = y.getValue()[1] == 0 ? Double.MAX_VALUE : y.getValue()[1];
      return ex != ey ? Double.compare(ex, ey) : x.getKey().compareTo(y.getKey());
    });
    for (Map.Entry<String, long[]> e : live) {
      if (need <= 0) {
        break;
      }
      long take = Math.min(need, e.getValue()[0]);
      need -= take;
      e.getValue()[0] -= take;
    }
  }

  private static String event(String kind, Gate g, Call call, long used, G x, int p, String detail) {
    return kind + "\t" + g.gateId() + "\t" + call.user() + "\t" + call.meta() + "\t" + used + "\t" + x.lim + "\t"
        + x.st + "\t" + x.en + "\t" + call.now() + "\t" + (p + 1) + "\t" + detail;
  }
}
