package dev.tollgate.redis;

import dev.tollgate.usage.Gate;
import java.util.function.IntToLongFunction;
import java.util.function.LongFunction;

/**
 * One gate's place in a {@link DecisionLua} script (its index, HMGET slots and member-share key)
 * and what the emitters of its Lua share: per-gate variable names, per-plan if-chains on the
 * plan index {@code p}, its hash fields and its outbox event. Subclasses emit the parts:
 * {@link GateCheckLua} its check, {@link GateWriteLua} what it writes when the call is allowed
 * or first refused.
 */
abstract class GateLua {
  final DecisionLua s;
  final Gate g;
  final int k;
  final int[] at;
  final int mk;
  final String id;

  GateLua(DecisionLua s, Gate g, int k, int[] at, int memberKey) {
    this.s = s;
    this.g = g;
    this.k = k;
    this.at = at;
    this.mk = memberKey;
    this.id = g.gateId();
  }

  /** The gate's variable {@code name}. */
  String v(String name) {
    return s.v(k, name);
  }

  /** Declares the gate's variable {@code name} as {@code value}. */
  void decl(String name, String value) {
    s.line(s.decl(k, name) + " = " + value);
  }

  /** {@code var = value-for-plan} as an if-chain (only plans that differ from the first get a branch). */
  void byPlan(String name, LongFunction<String> valueOf, IntToLongFunction perPlan) {
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

  /** The Lua literal of the gate's hash field {@code <id>:suffix}. */
  String q(String suffix) {
    return DecisionLua.quote(id + ":" + suffix);
  }

  /** RPUSH of one outbox event (see {@link DecisionScript}). */
  String event(String kind, String used, String detail) {
    return "ev = true redis.call('RPUSH', KEYS[2], '" + kind + "\\t" + id + "\\t' .. " + s.userArg() + " .. '\\t' .. "
        + s.metaArg() + " .. '\\t' .. "
        + used + " .. '\\t' .. " + v("lim") + " .. '\\t' .. " + v("st") + " .. '\\t' .. " + v("en")
        + " .. '\\t' .. now .. '\\t' .. p .. '\\t' .. " + detail + ")";
  }
}
