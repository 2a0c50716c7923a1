package dev.tollgate.redis;

import dev.tollgate.config.Period;
import dev.tollgate.usage.Gate;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the Lua of one {@link DecisionScript}. Each gate gets straight-line code with its
 * constants inlined; per-gate values live in locals ({@code n1}, {@code lim1}, ...), or, past
 * {@link #MAX_LOCAL_GATES} gates (Lua allows 200 locals), in one small table per gate.
 *
 * <p>The rule, per gate, in order: the window the call falls in (fixed windows continue the
 * stored one while it lasts; month/billing windows are absolute, and a call stamped just
 * before a newer window that a concurrent call opened joins it); the member share (if the
 * plan has one); the included allowance; then prepaid credits, then overage up to its cap.
 * A call is allowed only if every gate allows; then each counts, crossed thresholds and the
 * Stripe meter are recorded. A denied call counts nothing; a gate's first denial in a window
 * is recorded once, with an outbox event. Nothing is written after the deadline.
 */
final class DecisionLua {
  /** Gates per set kept in locals; larger sets keep per-gate values in tables. */
  static final int MAX_LOCAL_GATES = 8;

  private final List<String> plans;
  private final int defaultPlan;
  private final long timelineTtlMs;
  private final List<Gate> gates;
  private final boolean credits;
  private final int[] memberKey;
  private final boolean tables;
  private final boolean view;
  private final boolean month;
  private final String user;
  private final String meta;
  private final StringBuilder out = new StringBuilder(4096);
  private final List<String> fields = new ArrayList<>();

  DecisionLua(List<String> plans, int defaultPlan, long timelineTtlMs, List<Gate> gates, boolean credits,
      int[] memberKey, boolean view) {
    this.view = view;
    this.plans = plans;
    this.defaultPlan = defaultPlan;
    this.timelineTtlMs = timelineTtlMs;
    this.gates = gates;
    this.credits = credits;
    this.memberKey = memberKey;
    this.tables = gates.size() > MAX_LOCAL_GATES;
    this.month = DecisionScript.usesMonth(gates);
    this.user = "ARGV[" + (month ? 5 : 3) + "]";
    this.meta = "ARGV[" + (month ? 6 : 4) + "]";
  }

  String source() {
    boolean billing = gates.stream().anyMatch(g -> g.period() != null && g.period().kind() == Period.Kind.BILLING);
    boolean feature = gates.stream().anyMatch(g -> g.kind() == Gate.Kind.FEATURE);
    field("plan");
    field("until");
    field("px");
    int ps = billing ? field("ps") : 0;
    int pe = billing ? field("pe") : 0;
    int ent = feature || view ? field("ent") : 0;
    int[][] at = new int[gates.size()][];
    for (int k = 0; k < gates.size(); k++) {
      Gate g = gates.get(k);
      String id = g.gateId();
      at[k] = g.kind() == Gate.Kind.FEATURE ? new int[] {field(id + ":s"), 0, field(id + ":f"), 0, 0}
          : new int[] {field(id + ":s"), field(id + ":n"), field(id + ":f"), g.hasOverage() ? field(id + ":o") : 0,
              g.credits() ? field(id + ":c") : 0};
    }
    line("-- tollgate decide: gates " + gates + " plans " + plans);
    line("local now = tonumber(ARGV[1])");
    line("local dl = ARGV[2]");
    line("local peek = dl == 'p'");
    StringBuilder hm = new StringBuilder("local h = redis.call('HMGET', KEYS[1]");
    fields.forEach(f -> hm.append(", ").append(quote(f)));
    line(hm.append(")").toString());
    line("local p = " + (defaultPlan + 1));
    // most accounts have no stored plan: no until to parse
    line("if h[1] then");
    line("  local u = tonumber(h[2])");
    line("  if " + PlanRule.inForce("h[1]", "u") + " then");
    line("    local pn = h[1]");
    StringBuilder chain = new StringBuilder("    ");
    for (int i = 0; i < plans.size(); i++) {
      chain.append(i == 0 ? "if" : " elseif").append(" pn == ").append(quote(plans.get(i))).append(" then p = ")
          .append(i + 1);
    }
    line(chain.append(" end").toString());
    line("  end");
    line("end");
    line("local px = h[3]");
    if (month) {
      line("local ms, me = tonumber(ARGV[3]), tonumber(ARGV[4])");
    }
    line("local ok, pend, ev, timed, maxEn, ttl0 = true, false, false, false, 0, -1");
    if (billing) {
      line("local ps, pe = tonumber(h[" + ps + "]), tonumber(h[" + pe + "])");
    }
    if (feature) {
      line("local ent = h[" + ent + "]");
    }
    if (credits) {
      line("local cr, crG, crUsed = nil, nil, 0");
    }
    if (tables) {
      for (int k = 1; k <= gates.size(); k++) {
        line("local g" + k + " = {}");
      }
    }
    for (int k = 0; k < gates.size(); k++) {
      GateLua gl = new GateLua(this, gates.get(k), k + 1, at[k], memberKey[k]);
      gl.check();
    }
    if (view) {
      // the view writes nothing: it is the checks as a peek, then the account's entitlements and credits
      viewTail(ent);
      return out.toString();
    }
    write();
    reply("");
    return out.toString();
  }

  /** The view's extra reply: entitlements field, credit balance, soonest expiry (ms, 0 = none) and its units. */
  private void viewTail(int ent) {
    line("local vb, vn, vu = -1, 0, 0");
    if (credits) {
      line("vb = 0");
      line("local all = redis.call('HGETALL', KEYS[4])");
      line("for i = 1, #all, 2 do");
      line("  if string.sub(all[i], 1, 2) == 'g:' then");
      line("    local a, e = string.match(all[i + 1], '^(%d+)|(%d+)')");
      line("    a, e = tonumber(a), tonumber(e)");
      line("    if " + liveGrant("a", "e") + " then");
      line("      vb = vb + a");
      line("      if e > 0 and (vn == 0 or e < vn) then vn, vu = e, a elseif e > 0 and e == vn then vu = vu + a end");
      line("    end");
      line("  end");
      line("end");
    }
    reply(", h[" + ent + "] or '', vb, vn, vu");
  }

  private void write() {
    StringBuilder fresh = new StringBuilder();
    for (int k = 1; k <= gates.size(); k++) {
      fresh.append(k == 1 ? "" : " or ").append(v(k, "fr"));
    }
    line("if not peek then");
    line("  if " + fresh + " then ttl0 = -3 end");
    line("  if ok then");
    deadline("    ");
    for (int k = 0; k < gates.size(); k++) {
      new GateLua(this, gates.get(k), k + 1, null, memberKey[k]).commit();
    }
    if (credits) {
      drawCredits();
    }
    line("  else");
    StringBuilder any = new StringBuilder();
    for (int k = 1; k <= gates.size(); k++) {
      any.append(k == 1 ? "" : " or ").append("(").append(v(k, "code")).append(" ~= 0 and ")
          .append(v(k, "f")).append(" % 2 == 0)");
    }
    line("    if " + any + " then");
    deadline("      ");
    for (int k = 0; k < gates.size(); k++) {
      new GateLua(this, gates.get(k), k + 1, null, memberKey[k]).firstDenial();
    }
    line("    end");
    line("  end");
    // pending work always has an outbox line, so the sweep (which scans outboxes) finds it even
    // when the only work is overage to report
    line("  if pend and not px then");
    line("    px = now");
    line("    redis.call('HSET', KEYS[1], 'px', now)");
    line("    if not ev then redis.call('RPUSH', KEYS[2], 'P\\t' .. now) end");
    line("  end");
    line("  if maxEn > 0 and ttl0 ~= -1 then");
    line("    if ttl0 >= 0 and now + ttl0 > maxEn then maxEn = now + ttl0 end");
    line("    redis.call('PEXPIREAT', KEYS[1], maxEn)");
    line("  end");
    line("end");
  }

  /** Before the first write: refuse when past the deadline (the caller has answered without us). */
  private void deadline(String indent) {
    line(indent + "if not timed then");
    line(indent + "  timed = true");
    line(indent + "  local d = tonumber(dl)");
    line(indent + "  if d > 0 then");
    // Redis's clock in ms, past the deadline once its whole ms is: sec * 1000 + usec / 1000 >= d + 1
    line(indent + "    local t = redis.call('TIME')");
    line(indent + "    if t[1] * 1000 + t[2] / 1000 >= d + 1 then return {-1} end");
    line(indent + "  end");
    line(indent + "  if ttl0 == -3 then ttl0 = redis.call('PTTL', KEYS[1]) end");
    line(indent + "end");
  }

  /** Takes the credits drawn from the grants, soonest expiry first (never-expiring last), then by id. */
  private void drawCredits() {
    line("    if crUsed > 0 then");
    line("      local list = {}");
    line("      for i = 1, #crG, 2 do");
    line("        if string.sub(crG[i], 1, 2) == 'g:' then");
    line("          local amt, exps, rest = string.match(crG[i + 1], '^(%d+)|(%d+)(.*)$')");
    line("          local a, e = tonumber(amt), tonumber(exps)");
    line("          if " + liveGrant("a", "e") + " then");
    line("            list[#list + 1] = {crG[i], a, e == 0 and math.huge or e, exps .. rest}");
    line("          end");
    line("        end");
    line("      end");
    line("      table.sort(list, function(x, y) if x[3] ~= y[3] then return x[3] < y[3] end return x[1] < y[1] end)");
    line("      local need = crUsed");
    line("      for i = 1, #list do");
    line("        if need <= 0 then break end");
    line("        local take = math.min(need, list[i][2])");
    line("        need = need - take");
    line("        redis.call('HSET', KEYS[4], list[i][1], (list[i][2] - take) .. '|' .. list[i][4])");
    line("      end");
    line("    end");
  }

  /**
   * The compact reply {@link DecisionScript} describes: only what the codec cannot derive from
   * the gates and the plan, then {@code tail} (the view's extra slots).
   */
  private void reply(String tail) {
    StringBuilder r = new StringBuilder("return {p, px and tonumber(px) or 0");
    if (credits) {
      r.append(", cr and (cr - crUsed) or -1");
    }
    for (int k = 1; k <= gates.size(); k++) {
      Gate g = gates.get(k - 1);
      if (g.kind() == Gate.Kind.USAGE) {
        r.append(", ").append(v(k, "n"));
      }
      r.append(", ").append(v(k, "st"));
      if (!DecisionScript.endFollowsStart(g)) {
        r.append(", ").append(v(k, "en"));
      }
      r.append(", ").append(v(k, "fl")).append(" * 8 + ").append(v(k, "code"));
      if (g.credits()) {
        r.append(", ").append(v(k, "tc"));
      }
      if (g.hasOverage()) {
        r.append(", ").append(v(k, "o"));
      }
      if (memberKey[k - 1] > 0) {
        r.append(", ").append(v(k, "mu"));
      }
    }
    line(r.append(tail).append("}").toString());
  }

  /** The ARGV holding the calling user's id. */
  String userArg() {
    return user;
  }

  /** The ARGV holding the event meta. */
  String metaArg() {
    return meta;
  }

  /** Adds {@code name} to the HMGET and returns its 1-based position in the reply. */
  private int field(String name) {
    fields.add(name);
    return fields.size();
  }

  /** A per-gate variable: a local {@code name<k>}, or {@code g<k>.name} in table mode. */
  String v(int k, String name) {
    return tables ? "g" + k + "." + name : name + k;
  }

  /** Declares a per-gate variable. */
  String decl(int k, String name) {
    return tables ? "g" + k + "." + name : "local " + name + k;
  }

  void line(String s) {
    out.append(s).append('\n');
  }

  List<String> plans() {
    return plans;
  }

  long timelineTtlMs() {
    return timelineTtlMs;
  }

  boolean credits() {
    return credits;
  }

  /**
   * Whether a credit grant with {@code amount} units left, expiring at {@code expires} ms (0 =
   * never), can be drawn at {@code now}: the one Lua form of {@code CreditStore.Grant.liveAt}.
   */
  static String liveGrant(String amount, String expires) {
    return amount + " and " + amount + " > 0 and (" + expires + " == 0 or " + expires + " > now)";
  }

  /** A Lua string literal of a validated name (ids, plans, features, meters contain no quote or backslash). */
  static String quote(String s) {
    if (s.indexOf('\'') >= 0 || s.indexOf('\\') >= 0 || s.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("unsafe name for generated Lua: " + s);
    }
    return "'" + s + "'";
  }
}
