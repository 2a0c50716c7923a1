package dev.tollgate.redis;

import dev.tollgate.config.Period;
import dev.tollgate.usage.Gate;
import java.util.function.IntToLongFunction;

/**
 * The check of one gate inside a {@link DecisionLua} script: its window (fixed, month or
 * billing, joining a newer one a concurrent call opened), its member share, its allowance, then
 * prepaid credits and overage up to the cap, leaving its denial code in {@code code<k>}.
 */
final class GateCheckLua extends GateLua {
  GateCheckLua(DecisionLua s, Gate g, int k, int[] at, int memberKey) {
    super(s, g, k, at, memberKey);
  }

  /** Emits the gate's check; a refusal sets {@code ok} to false. */
  void emit() {
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

  private void byPlanIndented(String name, IntToLongFunction perPlan) {
    byPlan(name, Long::toString, perPlan);
  }
}
