package dev.tollgate.redis;

import dev.tollgate.config.Period;
import dev.tollgate.usage.Gate;
import java.util.function.LongFunction;

/**
 * The Lua of one gate inside a {@link DecisionLua} script: its check (window, member share,
 * allowance, credits, overage), its commit when the call is allowed, and its first denial.
 * Per-plan constants become short if-chains on the plan index {@code p}.
 */
final class GateLua {
  private static final long JOIN_MAX_MS = 366L * 24 * 3600 * 1000;
  private final DecisionLua s;
  private final Gate g;
  private final int k;
  private final int[] at;
  private final int mk;
  private final String id;

  GateLua(DecisionLua s, Gate g, int k, int[] at, int memberKey) {
    this.s = s;
    this.g = g;
    this.k = k;
    this.at = at;
    this.mk = memberKey;
    this.id = g.gateId();
  }

  private String v(String name) {
    return s.v(k, name);
  }

  private void decl(String name, String value) {
    s.line(s.decl(k, name) + " = " + value);
  }

  /** {@code var = value-for-plan} as an if-chain (only plans that differ from the first get a branch). */
  private void byPlan(String name, LongFunction<String> valueOf, java.util.function.IntToLongFunction perPlan) {
    long first = perPlan.applyAsLong(0);
    decl(name, valueOf.apply(first));
    StringBuilder chain = new StringBuilder();
    for (int i = 1; i < s.plans().size(); i++) {
      long val = perPlan.applyAsLong(i);
      if (val != first) {
        chain.append(chain.length() == 0 ? "if" : " elseif").append(" p == ").append(i + 1).append(" then ")
            .append(v(name)).append(" = ").append(valueOf.apply(val));
      }
    }
    if (chain.length() > 0) {
      s.line(chain.append(" end").toString());
    }
  }

  void check() {
    s.line("-- gate " + k + ": " + id + " (" + DecisionScript.kindOf(g.period()) + ")");
    decl("s", "tonumber(h[" + at[0] + "])");
    // fixed windows always set both below: no month bounds needed
    decl("st", DecisionScript.endFollowsStart(g) ? "0" : "ms");
    decl("en", DecisionScript.endFollowsStart(g) ? "0" : "me");
    if (g.kind() == Gate.Kind.FEATURE) {
      joinNewer();
      decl("fr", v("s") + " ~= " + v("st"));
      decl("f", v("fr") + " and 0 or (tonumber(h[" + at[2] + "]) or 0)");
      decl("code", "2");
      StringBuilder has = new StringBuilder();
      for (int i = 0; i < s.plans().size(); i++) {
        if (g.planHasFeature(i)) {
          has.append(has.length() == 0 ? "" : " or ").append("p == ").append(i + 1);
        }
      }
      String entHas = "(ent and string.find(ent, " + DecisionLua.quote("," + g.feature() + ",") + ", 1, true))";
      s.line("if " + (has.length() == 0 ? "" : has + " or ") + entHas + " then " + v("code") + " = 0 end");
      for (String z : new String[] {"n", "tc", "o", "ti", "to"}) {
        decl(z, "0");
      }
      decl("lim", "-1");
      decl("mu", "-1");
      decl("ml", "-1");
      decl("nf", v("f"));
      decl("first", "false");
      s.line("if " + v("code") + " ~= 0 then ok = false end");
      decl("fl", "(" + v("code") + " == 0) and 1 or 0");
      return;
    }
    window();
    decl("fr", v("s") + " ~= " + v("st"));
    decl("n", "0");
    decl("f", "0");
    decl("o", "0");
    decl("c", "0");
    StringBuilder read = new StringBuilder("if not " + v("fr") + " then " + v("n") + " = tonumber(h[" + at[1]
        + "]) or 0 " + v("f") + " = tonumber(h[" + at[2] + "]) or 0");
    if (at[3] > 0) {
      read.append(' ').append(v("o")).append(" = tonumber(h[").append(at[3]).append("]) or 0");
    }
    if (at[4] > 0) {
      read.append(' ').append(v("c")).append(" = tonumber(h[").append(at[4]).append("]) or 0");
    }
    s.line(read.append(" end").toString());
    byPlan("lim", Long::toString, g::limit);
    long cost = g.cost();
    decl("ti", Long.toString(cost));
    decl("tc", "0");
    decl("to", "0");
    decl("code", "0");
    decl("nf", v("f"));
    decl("first", "false");
    members(cost);
    s.line("if " + v("code") + " == 0 and " + v("lim") + " >= 0 and " + v("n") + " + " + cost + " > " + v("lim")
        + " then");
    s.line("  local r = " + v("lim") + " - " + v("n"));
    s.line("  if r < 0 then r = 0 end");
    s.line("  local rest = " + cost + " - r");
    s.line("  " + v("ti") + " = r");
    beyondAllowance();
    s.line("end");
    s.line("if " + v("code") + " ~= 0 then ok = false end");
    decl("fl", "(" + v("code") + " == 0) and 1 or 0");
  }

  private void window() {
    Period p = g.period();
    if (p.kind() == Period.Kind.FIXED) {
      long len = p.length().toMillis();
      s.line("if " + v("s") + " and now < " + v("s") + " + " + len + " then " + v("st") + ", " + v("en") + " = "
          + v("s") + ", " + v("s") + " + " + len + " else " + v("st") + ", " + v("en") + " = now, now + " + len
          + " end");
      return;
    }
    if (p.kind() == Period.Kind.BILLING) {
      s.line("if ps and pe and pe > ps and now >= ps and now < pe then " + v("st") + ", " + v("en")
          + " = ps, pe end");
    }
    joinNewer();
  }

  /** A call stamped just before a newer window a concurrent call opened counts in that one. */
  private void joinNewer() {
    s.line("if " + v("s") + " and " + v("s") + " > " + v("st") + " and now < " + v("s") + " then " + v("st") + ", "
        + v("en") + " = " + v("s") + ", " + v("s") + " end");
  }

  private void members(long cost) {
    if (mk == 0) {
      decl("mu", "-1");
      decl("ml", "-1");
      return;
    }
    decl("mh", "redis.call('HMGET', KEYS[" + mk + "], 's', " + s.userArg() + ")");
    decl("mu", "0");
    s.line("if tonumber(" + v("mh") + "[1]) == " + v("st") + " then " + v("mu") + " = tonumber(" + v("mh")
        + "[2]) or 0 end");
    byPlan("ml", Long::toString, g::memberLimit);
    s.line("if " + v("ml") + " >= 0 and " + v("mu") + " + " + cost + " > " + v("ml") + " then " + v("code")
        + " = 3 end");
  }

  /** Past the allowance: prepaid credits, then overage up to the cap, else a denial. */
  private void beyondAllowance() {
    boolean overage = g.hasOverage();
    String denial = "  " + v("code") + " = 1";
    if (overage) {
      byPlanIndented("cap", g::overageCap);
    }
    String open = "  if";
    if (g.credits()) {
      s.line("  if cr == nil then");
      s.line("    cr = 0");
      s.line("    crG = redis.call('HGETALL', KEYS[4])");
      s.line("    for i = 1, #crG, 2 do");
      s.line("      if string.sub(crG[i], 1, 2) == 'g:' then");
      s.line("        local a, e = string.match(crG[i + 1], '^(%d+)|(%d+)')");
      s.line("        a, e = tonumber(a), tonumber(e)");
      s.line("        if " + DecisionLua.liveGrant("a", "e") + " then cr = cr + a end");
      s.line("      end");
      s.line("    end");
      s.line("  end");
      s.line("  if cr - crUsed >= rest then " + v("tc") + " = rest crUsed = crUsed + rest");
      open = "  elseif";
    }
    if (overage) {
      s.line(open + " " + v("cap") + " ~= -2 and (" + v("cap") + " < 0 or " + v("o") + " + rest <= " + v("cap")
          + ") then " + v("to") + " = rest");
      s.line("  elseif " + v("cap") + " ~= -2 then " + v("code") + " = 4");
      s.line("  else" + denial.substring(1));
      s.line("  end");
    } else if (g.credits()) {
      s.line("  else" + denial.substring(1));
      s.line("  end");
    } else {
      s.line(denial);
    }
  }

  private void byPlanIndented(String name, java.util.function.IntToLongFunction perPlan) {
    byPlan(name, Long::toString, perPlan);
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
    String f = DecisionLua.quote(id + ":");
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

  private String q(String suffix) {
    return DecisionLua.quote(id + ":" + suffix);
  }

  /** RPUSH of one outbox event (see {@link DecisionScript}). */
  private String event(String kind, String used, String detail) {
    return "ev = true redis.call('RPUSH', KEYS[2], '" + kind + "\\t" + id + "\\t' .. " + s.userArg() + " .. '\\t' .. "
        + s.metaArg() + " .. '\\t' .. "
        + used + " .. '\\t' .. " + v("lim") + " .. '\\t' .. " + v("st") + " .. '\\t' .. " + v("en")
        + " .. '\\t' .. now .. '\\t' .. p .. '\\t' .. " + detail + ")";
  }
}
