package dev.tollgate.redis;

import dev.tollgate.identity.AccountId;
import dev.tollgate.meter.MeterQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The codecs of {@code meter_mark.lua}, {@code meter_claim.lua} and {@code meter_done.lua} ({tg} slot). */
final class MeterIndexScripts {
  static final LuaScript MARK = LuaScript.load("meter_mark.lua");
  static final LuaScript CLAIM = LuaScript.load("meter_claim.lua");
  static final LuaScript DONE = LuaScript.load("meter_done.lua");

  private MeterIndexScripts() {}

  /** Indexes, in queue {@code q}, {@code account} at {@code now} with a fresh version. */
  static ScriptCall mark(String q, AccountId account, Instant now) {
    return new ScriptCall(List.of(Keys.meters(q, ""), Keys.meters(q, "v"), Keys.meters(q, "seq")),
        List.of(account.value(), Long.toString(now.toEpochMilli())));
  }

  /** Takes up to {@code max} accounts due at {@code now}, leased until {@code leaseEnd}. */
  static ScriptCall claim(String q, Instant now, Instant leaseEnd, int max) {
    return new ScriptCall(List.of(Keys.meters(q, ""), Keys.meters(q, "v")),
        List.of(Long.toString(now.toEpochMilli()), Long.toString(leaseEnd.toEpochMilli()), Integer.toString(max)));
  }

  /** The claimed accounts and their versions; an unusable stored id is skipped. */
  static List<MeterQueue.Claimed> claimReply(Object reply) {
    List<String> flat = ScriptReplies.strings(CLAIM.name(), reply);
    List<MeterQueue.Claimed> out = new ArrayList<>(flat.size() / 2);
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      out.add(new MeterQueue.Claimed(AccountId.parse(flat.get(i)), Long.parseLong(flat.get(i + 1))));
    }
    return out;
  }

  /** Ends the lease of {@code c}: removed ({@code next} null) or due at {@code next}. */
  static ScriptCall done(String q, MeterQueue.Claimed c, Instant next, Instant now) {
    return new ScriptCall(List.of(Keys.meters(q, ""), Keys.meters(q, "v")), List.of(c.account().value(),
        Long.toString(c.version()), next == null ? "0" : Long.toString(next.toEpochMilli()),
        Long.toString(now.toEpochMilli())));
  }
}
