package dev.tollgate.redis;

import dev.tollgate.config.Period;
import dev.tollgate.usage.Gate;
import java.util.List;

/**
 * The decision rule, as the Lua it runs as: for one set of matched gates, a script with the
 * config's constants inlined (plan names, limits, costs, windows, thresholds, features,
 * caps), straight-line code per gate and no per-call tables on the common path. One script
 * per gate set (a request matches a set; most match one gate), loaded by SHA like any other.
 * A reference model of the same rule lives in the tests and a differential test holds the two
 * together.
 *
 * <pre>
 * KEYS[1]  {a:ID}          account hash: plan, until, ps, pe, ent, px, and per gate G:
 *                          G:s window start, G:n included units, G:f flags (1 = denial
 *                          recorded, 2^(i+1) = threshold i reached), G:o overage units,
 *                          G:c credit units; M:METER cumulative overage units
 * KEYS[2]  {a:ID}:o        outbox list: events for the scheduled function (tab-separated)
 * KEYS[3]  {a:ID}:t        timeline hash: h:LOOP = ms of the first denial (attribution)
 * KEYS[4]  {a:ID}:cr       credit grants (only when a gate of the set uses credits):
 *                          g:ID = "remaining|expiresMs(0 = never)|grantedMs|granted"
 * KEYS[..] {a:ID}:m:G      member usage per gate with a member share: s = window start,
 *                          USER = units
 * ARGV[1] now ms   ARGV[2] deadline ms (0 = none), or p = peek (check only, write nothing)
 * only when {@link #usesMonth() a gate needs the month}: ARGV[3] month start ms, ARGV[4] month end ms
 * then: user id, event meta
 *
 * Returns {-1} when too late (nothing written), else a compact reply, only what cannot be
 * derived from the gates and the plan (each slot costs Redis time to convert):
 *   {plan index (1-based), pending-since ms (0 = none), [credit balance after (-1 = not read):
 *   only when the script uses credits], then per gate: [used: usage gates], window start,
 *   [window end: unless a fixed window (end = start + length)], flags * 8 + deny code,
 *   [credits drawn: credit gates], [overage units: overage gates], [member units: gates with
 *   a member share]}
 * {@link DecisionCodec#expand} turns it into the full layout: {status (1 allowed, 0 denied),
 *   plan index, pending-since ms, credit balance after, then per gate: used, limit, window
 *   start, window end, flags (1 allowed, 2 first denial, 4 * 2^i threshold i reached), deny
 *   code (0 none, 1 usage, 2 feature, 3 member, 4 cap), credits drawn, overage units, member
 *   units (-1 not tracked), member limit (-1 none)}; the call is allowed when no gate denied.
 * </pre>
 *
 * Outbox events: {@code KIND \t GATE \t USER \t META \t USED \t LIMIT \t START \t END \t AT
 * \t PLAN \t DETAIL}, KIND {@code L} first denial (DETAIL = deny code) or {@code T} threshold
 * reached (DETAIL = thousandths); and {@code P \t AT}, written when work becomes pending without
 * an event (overage to report), so every pending account has an outbox line the sweep finds.
 */
public final class DecisionScript {
  /** Reply slots before the per-gate ones, and per gate. */
  static final int HEADER = 4;
  static final int PER_GATE = 10;

  private final List<Gate> gates;
  private final boolean credits;
  private final int[] memberKey;
  private final boolean month;
  /** Per gate: its window's length in ms when the end follows the start (the reply leaves the end out), else 0. */
  private final long[] fixedLength;
  private final LuaScript script;

  private DecisionScript(String name, List<Gate> gates, boolean credits, int[] memberKey, String source) {
    this.gates = gates;
    this.credits = credits;
    this.memberKey = memberKey;
    this.month = usesMonth(gates);
    this.fixedLength = new long[gates.size()];
    for (int i = 0; i < gates.size(); i++) {
      fixedLength[i] = endFollowsStart(gates.get(i)) ? gates.get(i).period().length().toMillis() : 0;
    }
    this.script = LuaScript.of(name + gates, source);
  }

  /**
   * The script deciding {@code gates} for the plans {@code plans} ({@code defaultPlan} the
   * index of the default), keeping first denials in the timeline for {@code timelineTtlMs}.
   */
  public static DecisionScript compile(List<String> plans, int defaultPlan, long timelineTtlMs, List<Gate> gates) {
    return compile(plans, defaultPlan, timelineTtlMs, gates, false);
  }

  /**
   * The read-only view of {@code gates} (what {@code GET /usage} shows): the same checks as a
   * peek, no write at all, and after the compact reply four more slots: the account's
   * {@code ent} field (entitlements, "" = none), its live credit balance (-1 when no gate uses
   * credits), the soonest expiry of a live grant (ms, 0 = none) and the units expiring then.
   * Called as a peek (ARGV[2] = p).
   */
  public static DecisionScript compileView(List<String> plans, int defaultPlan, List<Gate> gates) {
    return compile(plans, defaultPlan, 0, gates, true);
  }

  private static DecisionScript compile(List<String> plans, int defaultPlan, long timelineTtlMs, List<Gate> gates,
      boolean view) {
    boolean credits = gates.stream().anyMatch(Gate::credits);
    int[] memberKey = new int[gates.size()];
    int next = credits ? 5 : 4;
    for (int i = 0; i < gates.size(); i++) {
      memberKey[i] = gates.get(i).tracksMembers() ? next++ : 0;
    }
    String source = new DecisionLua(plans, defaultPlan, timelineTtlMs, gates, credits, memberKey, view)
        .source();
    return new DecisionScript(view ? "view" : "decide", List.copyOf(gates), credits, memberKey, source);
  }

  /** The gates, in reply order. */
  public List<Gate> gates() {
    return gates;
  }

  /** Whether KEYS[4] is the account's credit grants. */
  public boolean usesCredits() {
    return credits;
  }

  /** The KEYS index of gate {@code i}'s member hash (0 = none). */
  public int memberKey(int i) {
    return memberKey[i];
  }

  /** Number of keys a call passes. */
  public int keyCount() {
    int n = credits ? 4 : 3;
    for (int k : memberKey) {
      n += k > 0 ? 1 : 0;
    }
    return n;
  }

  /** The runnable script. */
  public LuaScript script() {
    return script;
  }

  /** Whether a call passes the UTC month's bounds (month, billing or feature gates use them). */
  public boolean usesMonth() {
    return month;
  }

  /** Gate {@code i}'s window length in ms when its end follows its start ({@link #endFollowsStart}), else 0. */
  long fixedLength(int i) {
    return fixedLength[i];
  }

  static boolean usesMonth(List<Gate> gates) {
    return gates.stream().anyMatch(g -> g.kind() == Gate.Kind.FEATURE || g.period().kind() != Period.Kind.FIXED);
  }

  /** Whether {@code g}'s window always ends one fixed length after its start (so the reply leaves the end out). */
  static boolean endFollowsStart(Gate g) {
    return g.kind() == Gate.Kind.USAGE && g.period().kind() == Period.Kind.FIXED;
  }

  /** Lua for a window kind (tests print it). */
  static String kindOf(Period p) {
    return p == null ? "feature" : p.toString();
  }
}
