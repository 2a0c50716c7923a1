package dev.tollgate.redis;

import dev.tollgate.usage.Gate;

/**
 * The reply of a {@link DecisionLua} script: the compact decision {@link DecisionScript}
 * describes, and for the read-only view its extra slots (entitlements, credit balance, soonest
 * expiry and the units expiring then).
 */
final class DecisionReplyLua {
  private final DecisionLua s;

  DecisionReplyLua(DecisionLua s) {
    this.s = s;
  }

  /**
   * The compact reply {@link DecisionScript} describes: only what the codec cannot derive from
   * the gates and the plan, then {@code tail} (the view's extra slots).
   */
  void reply(String tail) {
    StringBuilder r = new StringBuilder("return {p, px and tonumber(px) or 0");
    if (s.credits()) {
      r.append(", cr and (cr - crUsed) or -1");
    }
    for (int k = 1; k <= s.gates().size(); k++) {
      Gate g = s.gates().get(k - 1);
      if (g.kind() == Gate.Kind.USAGE) {
        r.append(", ").append(s.v(k, "n"));
      }
      r.append(", ").append(s.v(k, "st"));
      if (!DecisionScript.endFollowsStart(g)) {
        r.append(", ").append(s.v(k, "en"));
      }
      r.append(", ").append(s.v(k, "fl")).append(" * 8 + ").append(s.v(k, "code"));
      if (g.credits()) {
        r.append(", ").append(s.v(k, "tc"));
      }
      if (g.hasOverage()) {
        r.append(", ").append(s.v(k, "o"));
      }
      if (s.memberKey(k - 1) > 0) {
        r.append(", ").append(s.v(k, "mu"));
      }
    }
    s.line(r.append(tail).append("}").toString());
  }

  /** The view's extra reply: entitlements field, credit balance, soonest expiry (ms, 0 = none) and its units. */
  void viewTail(int ent) {
    s.line("local vb, vn, vu = -1, 0, 0");
    if (s.credits()) {
      s.line("vb = 0");
      s.line("local all = redis.call('HGETALL', KEYS[4])");
      s.line("for i = 1, #all, 2 do");
      s.line("  if string.sub(all[i], 1, 2) == 'g:' then");
      s.line("    local a, e = string.match(all[i + 1], '^(%d+)|(%d+)')");
      s.line("    a, e = tonumber(a), tonumber(e)");
      s.line("    if " + DecisionLua.liveGrant("a", "e") + " then");
      s.line("      vb = vb + a");
      s.line("      if e > 0 and (vn == 0 or e < vn) then vn, vu = e, a elseif e > 0 and e == vn then vu = vu + a end");
      s.line("    end");
      s.line("  end");
      s.line("end");
    }
    reply(", h[" + ent + "] or '', vb, vn, vu");
  }
}
