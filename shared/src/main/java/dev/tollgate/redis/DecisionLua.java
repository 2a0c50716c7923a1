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
 *
 * <p>This class writes the preamble (the one HMGET, the plan in force, the shared locals) and
 * assembles the parts: each gate's check ({@link GateCheckLua}), the write phase
 * ({@link DecisionWriteLua}, each gate's writes in {@link GateWriteLua}) and the reply
 * ({@link DecisionReplyLua}).
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
      new GateCheckLua(this, gates.get(k), k + 1, at[k], memberKey[k]).emit();
    }
    if (view) {
      // the view writes nothing: it is the checks as a peek, then the account's entitlements and credits
      new DecisionReplyLua(this).viewTail(ent);
      return out.toString();
    }
    new DecisionWriteLua(this).emit();
    new DecisionReplyLua(this).reply("");
    return out.toString();
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

  /** The gates, in reply order. */
  List<Gate> gates() {
    return gates;
  }

  /** The KEYS index of gate {@code k}'s (0-based) member shares, 0 when it tracks none. */
  int memberKey(int k) {
    return memberKey[k];
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
