package dev.tollgate.redis;

import dev.tollgate.usage.Gate;

/**
 * What one gate of a {@link DecisionLua} script writes: when the call is allowed, its counts
 * (window, crossed thresholds, overage meter, member share); when it is refused, the gate's
 * first denial in the window, recorded once with an outbox event.
 */
final class GateWriteLua extends GateLua {
  private static final long JOIN_MAX_MS = 366L * 24 * 3600 * 1000;

  GateWriteLua(DecisionLua s, Gate g, int k, int[] at, int memberKey) {
    super(s, g, k, at, memberKey);
  }

  /** The allowed call counts: window, thresholds, overage meter, member share. */
  void commit() {
    if (g.kind() == Gate.Kind.FEATURE) {
      return;
    }
    String ind = "    ";
    for (int i = 0; i < g.thresholdCount(); i++) {
      int bit = 2 << i;
      int per = g.threshold(i);
      // the units that reach threshold i, per plan (-1: the plan has no finite positive limit)
      String th = "th" + i + "_";
      byPlan(th, Long::toString, p -> g.limit(p) > 0 ? Gate.thresholdUnits(g.limit(p), per) : -1);
      s.line(ind + "if " + v(th) + " >= 0 and " + v("n") + " + " + v("ti") + " >= " + v(th) + " and " + v("nf")
          + " % " + (2 * bit) + " < " + bit + " then");
      s.line(ind + "  " + v("nf") + " = " + v("nf") + " + " + bit);
      s.line(ind + "  " + event("T", v("n") + " + " + v("ti"), Integer.toString(per)));
      s.line(ind + "  pend = true");
      s.line(ind + "end");
    }
    s.line(ind + "if " + v("fr") + " then");
    StringBuilder hset = new StringBuilder(ind + "  redis.call('HSET', KEYS[1], " + q("s") + ", " + v("st") + ", "
        + q("n") + ", " + v("ti") + ", " + q("f") + ", " + v("nf"));
    if (g.hasOverage()) {
      hset.append(", ").append(q("o")).append(", ").append(v("to"));
    }
    if (g.credits()) {
      hset.append(", ").append(q("c")).append(", ").append(v("tc"));
    }
    s.line(hset.append(")").toString());
    s.line(ind + "  if " + v("en") + " > maxEn then maxEn = " + v("en") + " end");
    s.line(ind + "else");
    s.line(ind + "  if " + v("ti") + " > 0 then redis.call('HINCRBY', KEYS[1], " + q("n") + ", " + v("ti") + ") end");
    if (g.hasOverage()) {
      s.line(ind + "  if " + v("to") + " > 0 then redis.call('HINCRBY', KEYS[1], " + q("o") + ", " + v("to")
          + ") end");
    }
    if (g.credits()) {
      s.line(ind + "  if " + v("tc") + " > 0 then redis.call('HINCRBY', KEYS[1], " + q("c") + ", " + v("tc")
          + ") end");
    }
    s.line(ind + "  if " + v("nf") + " ~= " + v("f") + " then redis.call('HSET', KEYS[1], " + q("f") + ", " + v("nf")
        + ") end");
    s.line(ind + "end");
    s.line(ind + v("n") + " = " + v("n") + " + " + v("ti"));
    if (g.hasOverage()) {
      StringBuilder meter = new StringBuilder(ind + "if " + v("to") + " > 0 then local mt = ");
      String first = g.overageMeter(0);
      meter.append(first == null ? "''" : DecisionLua.quote("M:" + first));
      for (int i = 1; i < s.plans().size(); i++) {
        String m = g.overageMeter(i);
        if (m != null && !m.equals(first)) {
          meter.append(" if p == ").append(i + 1).append(" then mt = ").append(DecisionLua.quote("M:" + m)).append(" end");
        }
      }
      s.line(meter.append(" redis.call('HINCRBY', KEYS[1], mt, ").append(v("to")).append(") pend = true end")
          .toString());
      s.line(ind + v("o") + " = " + v("o") + " + " + v("to"));
    }
    if (mk > 0) {
      s.line(ind + "if tonumber(" + v("mh") + "[1]) == " + v("st") + " then redis.call('HINCRBY', KEYS[" + mk
          + "], " + s.userArg() + ", " + g.cost() + ")");
      s.line(ind + "else");
      s.line(ind + "  redis.call('DEL', KEYS[" + mk + "])");
      s.line(ind + "  redis.call('HSET', KEYS[" + mk + "], 's', " + v("st") + ", " + s.userArg() + ", " + g.cost() + ")");
      s.line(ind + "  redis.call('PEXPIREAT', KEYS[" + mk + "], " + v("en") + " > " + v("st") + " and " + v("en")
          + " or " + v("st") + " + " + JOIN_MAX_MS + ")");
      s.line(ind + "end");
      s.line(ind + v("mu") + " = " + v("mu") + " + " + g.cost());
    }
    s.line(ind + v("fl") + " = 1 + 2 * (" + v("nf") + " - " + v("f") + ")");
  }

  /** A refused call: the gate's first denial in this window is recorded once, with an outbox event. */
  void firstDenial() {
    String ind = "      ";
    s.line(ind + "if " + v("code") + " ~= 0 and " + v("f") + " % 2 == 0 then");
    s.line(ind + "  if " + v("fr") + " then");
    StringBuilder hset = new StringBuilder(ind + "    redis.call('HSET', KEYS[1], " + q("s") + ", " + v("st"));
    if (g.kind() == Gate.Kind.USAGE) {
      hset.append(", ").append(q("n")).append(", 0");
      if (g.hasOverage()) {
        hset.append(", ").append(q("o")).append(", 0");
      }
      if (g.credits()) {
        hset.append(", ").append(q("c")).append(", 0");
      }
    }
    s.line(hset.append(", ").append(q("f")).append(", 1)").toString());
    s.line(ind + "    if " + v("en") + " > maxEn then maxEn = " + v("en") + " end");
    s.line(ind + "  else");
    s.line(ind + "    redis.call('HSET', KEYS[1], " + q("f") + ", " + v("f") + " + 1)");
    s.line(ind + "  end");
    s.line(ind + "  " + event("L", v("n"), v("code")));
    s.line(ind + "  redis.call('HSET', KEYS[3], " + DecisionLua.quote("h:" + g.loop()) + ", now)");
    s.line(ind + "  redis.call('PEXPIRE', KEYS[3], " + s.timelineTtlMs() + ")");
    s.line(ind + "  " + v("first") + " = true");
    s.line(ind + "  pend = true");
    s.line(ind + "end");
    s.line(ind + v("fl") + " = (" + v("code") + " == 0 and 1 or 0) + (" + v("first") + " and 2 or 0)");
  }
}
