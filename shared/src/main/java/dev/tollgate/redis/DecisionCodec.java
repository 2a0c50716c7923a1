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
  private static final byte[] CONSUME = {'c'};
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

  /** The arguments of {@code call}; {@code month} is {start, end} ms of the UTC month of its time. */
  public List<byte[]> args(UsageCall call, boolean consume, byte[][] month) {
    List<byte[]> args = new ArrayList<>(7);
    args.add(num(call.now().toEpochMilli()));
    args.add(call.deadline() == null ? ZERO : num(call.deadline().toEpochMilli()));
    args.add(consume ? CONSUME : PEEK);
    args.add(month[0]);
    args.add(month[1]);
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
    return decode(script.gates(), r);
  }

  /** The outcome of a decision reply for {@code gates} (in reply order). */
  public UsageOutcome decode(List<Gate> gates, List<?> r) {
    boolean allowed = ((Long) r.get(0)) == 1L;
    int planIndex = (int) (long) (Long) r.get(1) - 1;
    String plan = planNames.get(planIndex);
    long pending = (Long) r.get(2);
    long credits = (Long) r.get(3);
    List<GateResult> results = new ArrayList<>(gates.size());
    for (int i = 0; i < gates.size(); i++) {
      int o = DecisionScript.HEADER + i * DecisionScript.PER_GATE;
      long flags = (Long) r.get(o + 4);
      results.add(new GateResult(gates.get(i), (flags & 1) != 0, (Long) r.get(o), (Long) r.get(o + 1),
          Instant.ofEpochMilli((Long) r.get(o + 2)), Instant.ofEpochMilli((Long) r.get(o + 3)), (flags & 2) != 0,
          (int) (flags >> 2), DenyReason.ofCode((int) (long) (Long) r.get(o + 5)), allowed ? (Long) r.get(o + 6) : 0,
          (Long) r.get(o + 7), (Long) r.get(o + 8), (Long) r.get(o + 9)));
    }
    return new UsageOutcome(allowed, plan, planIndex, results, pending, credits);
  }

  /** The account as a view reply to {@code script} ({@link DecisionScript#compileView}) shows it. */
  public AccountUsage decodeView(DecisionScript script, List<?> r) {
    UsageOutcome o = decode(script.gates(), r);
    int t = DecisionScript.HEADER + script.gates().size() * DecisionScript.PER_GATE;
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
