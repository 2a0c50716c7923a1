package dev.tollgate.redis;

import dev.tollgate.identity.AccountId;
import dev.tollgate.usage.AccountUsage;
import dev.tollgate.usage.DenyReason;
import dev.tollgate.usage.Gate;
import dev.tollgate.usage.GateResult;
import dev.tollgate.usage.UsageCall;
import dev.tollgate.usage.UsageOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes one call of a {@link DecisionScript} (keys and arguments) and decodes its reply into
 * a {@link UsageOutcome}. The only place that knows the script's positions.
 */
public final class DecisionCodec {
  private static final byte[] PEEK = {'p'};
  private static final byte[] ZERO = {'0'};
  private final List<String> planNames;

  /** A codec for the plans {@code planNames} (config order; reply plan indexes are 1-based into it). */
  public DecisionCodec(List<String> planNames) {
    this.planNames = List.copyOf(planNames);
  }

  /** The keys of {@code account} that {@code script} reads and writes, in KEYS order. */
  public List<byte[]> keys(DecisionScript script, AccountId account) {
    List<byte[]> keys = new ArrayList<>(script.keyCount());
    String tag = Keys.accountTag(account);
    keys.add(Keys.bytes(tag));
    keys.add(Keys.bytes(tag + ":o"));
    keys.add(Keys.bytes(tag + ":t"));
    if (script.usesCredits()) {
      keys.add(Keys.bytes(tag + ":cr"));
    }
    List<Gate> gates = script.gates();
    for (int i = 0; i < gates.size(); i++) {
      if (script.memberKey(i) > 0) {
        keys.add(Keys.bytes(Keys.accountMembers(account, gates.get(i).gateId())));
      }
    }
    return keys;
  }

  /**
   * The arguments of {@code call} to {@code script} (checking and counting when {@code consume},
   * else only checking); {@code month} is {start, end} ms of the UTC month of its time.
   */
  public List<byte[]> args(DecisionScript script, UsageCall call, boolean consume, byte[][] month) {
    boolean withMonth = script.usesMonth();
    List<byte[]> args = new ArrayList<>(withMonth ? 6 : 4);
    args.add(num(call.now().toEpochMilli()));
    args.add(!consume ? PEEK : call.deadline() == null ? ZERO : num(call.deadline().toEpochMilli()));
    if (withMonth) {
      args.add(month[0]);
      args.add(month[1]);
    }
    args.add(call.user().value().getBytes(StandardCharsets.UTF_8));
    args.add(call.meta().getBytes(StandardCharsets.UTF_8));
    return args;
  }

  /** Whether the script refused to act because the call's deadline had passed. */
  public static boolean isLate(List<?> reply) {
    return ((Long) reply.get(0)) < 0;
  }

  /** The outcome of a reply to {@code script} (not {@link #isLate late}). */
  public UsageOutcome decode(DecisionScript script, List<?> r) {
    return decode(script.gates(), expand(script, r));
  }

  /**
   * A compact reply of {@code script} (not late) in the full layout {@link DecisionScript}
   * describes: the slots the script leaves out filled in from the gates and the plan.
   */
  public static long[] expand(DecisionScript script, List<?> r) {
    List<Gate> gates = script.gates();
    long[] out = new long[DecisionScript.HEADER + gates.size() * DecisionScript.PER_GATE];
    int at = 0;
    long plan = (Long) r.get(at++);
    int planIndex = (int) plan - 1;
    out[1] = plan;
    out[2] = (Long) r.get(at++);
    out[3] = script.usesCredits() ? (Long) r.get(at++) : -1;
    boolean allowed = true;
    for (int i = 0; i < gates.size(); i++) {
      Gate g = gates.get(i);
      int o = DecisionScript.HEADER + i * DecisionScript.PER_GATE;
      boolean usage = g.kind() == Gate.Kind.USAGE;
      out[o] = usage ? (Long) r.get(at++) : 0;
      out[o + 1] = usage ? g.limit(planIndex) : -1;
      out[o + 2] = (Long) r.get(at++);
      long length = script.fixedLength(i);
      out[o + 3] = length > 0 ? out[o + 2] + length : (Long) r.get(at++);
      long flagsAndCode = (Long) r.get(at++);
      out[o + 4] = flagsAndCode >> 3;
      out[o + 5] = flagsAndCode & 7;
      out[o + 6] = g.credits() ? (Long) r.get(at++) : 0;
      out[o + 7] = g.hasOverage() ? (Long) r.get(at++) : 0;
      boolean members = script.memberKey(i) > 0;
      out[o + 8] = members ? (Long) r.get(at++) : -1;
      out[o + 9] = members ? g.memberLimit(planIndex) : -1;
      allowed &= out[o + 5] == 0;
    }
    out[0] = allowed ? 1 : 0;
    return out;
  }

  /** The outcome of a decision reply in the full layout for {@code gates} (in reply order). */
  public UsageOutcome decode(List<Gate> gates, long[] r) {
    boolean allowed = r[0] == 1L;
    int planIndex = (int) r[1] - 1;
    String plan = planNames.get(planIndex);
    long pending = r[2];
    long credits = r[3];
    List<GateResult> results = new ArrayList<>(gates.size());
    for (int i = 0; i < gates.size(); i++) {
      int o = DecisionScript.HEADER + i * DecisionScript.PER_GATE;
      long flags = r[o + 4];
      results.add(new GateResult(gates.get(i), (flags & 1) != 0, r[o], r[o + 1], Instant.ofEpochMilli(r[o + 2]),
          Instant.ofEpochMilli(r[o + 3]), (flags & 2) != 0, (int) (flags >> 2), DenyReason.ofCode((int) r[o + 5]),
          allowed ? r[o + 6] : 0, r[o + 7], r[o + 8], r[o + 9]));
    }
    return new UsageOutcome(allowed, plan, planIndex, results, pending, credits);
  }

  /** The account as a view reply to {@code script} ({@link DecisionScript#compileView}) shows it. */
  public AccountUsage decodeView(DecisionScript script, List<?> r) {
    // the view's four slots follow the decision's compact reply
    int t = r.size() - 4;
    UsageOutcome o = decode(script, r.subList(0, t));
    Object ent = r.get(t);
    String field = ent instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(ent);
    long balance = (Long) r.get(t + 1);
    long next = (Long) r.get(t + 2);
    AccountUsage.Credits credits = balance < 0 ? null
        : new AccountUsage.Credits(balance, next == 0 ? null : Instant.ofEpochMilli(next), (Long) r.get(t + 3));
    return new AccountUsage(o, AccountPlanScript.features(field), credits);
  }

  static byte[] num(long v) {
    return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
  }
}
