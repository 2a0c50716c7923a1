package dev.tollgate.redis;

import dev.tollgate.identity.AccountId;
import dev.tollgate.meter.MeterEntry;
import dev.tollgate.meter.MeterLedger;
import java.time.Instant;
import java.util.List;

/** The codecs of {@code meter_cut.lua} and {@code meter_settle.lua} (one account slot each). */
final class MeterLedgerScripts {
  static final LuaScript CUT = LuaScript.load("meter_cut.lua");
  static final LuaScript SETTLE = LuaScript.load("meter_settle.lua");

  private MeterLedgerScripts() {}

  /** Cuts {@code meter}'s unreported units of {@code account}, stamped {@code now}. */
  static ScriptCall cut(AccountId account, String meter, Instant now) {
    return new ScriptCall(List.of(Keys.account(account)), List.of(meter, Long.toString(now.getEpochSecond())));
  }

  /** The cut's answer: the entry, units waiting for a customer, or nothing. */
  static MeterLedger.Cut cutReply(String meter, Object reply) {
    List<?> r = ScriptReplies.list(CUT.name(), reply);
    long kind = ScriptReplies.number(CUT.name(), r.get(0));
    String value = (String) r.get(1);
    if (kind == 1) {
      return new MeterLedger.Cut(MeterEntry.decode(meter, value), 0);
    }
    return new MeterLedger.Cut(null, kind == 2 ? Long.parseLong(value) : 0);
  }

  /** Settles {@code entry} if it is still journaled. */
  static ScriptCall settle(AccountId account, MeterEntry entry) {
    return call(account, "settle", entry, "");
  }

  /** Stores {@code entry}'s retry state if the entry for its units is still journaled. */
  static ScriptCall retry(AccountId account, MeterEntry entry) {
    return call(account, "retry", entry, entry.encode());
  }

  private static ScriptCall call(AccountId account, String mode, MeterEntry e, String text) {
    return new ScriptCall(List.of(Keys.account(account)),
        List.of(mode, e.meter(), Long.toString(e.from()), Long.toString(e.to()), text));
  }
}
