package dev.tollgate.redis;

import dev.tollgate.identity.AccountId;
import dev.tollgate.meter.MeterEntry;
import dev.tollgate.meter.MeterLedger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@link MeterLedger} on Redis: the {@code M:METER}, {@code M:METER:r} and {@code M:METER:j}
 * fields of each account hash (see {@link Keys#account}); cut and settle are one script each.
 */
public final class RedisMeterLedger implements MeterLedger {
  private final UnifiedJedis redis;

  /** Meters in {@code redis}. */
  public RedisMeterLedger(UnifiedJedis redis) {
    this.redis = redis;
  }

  @Override
  public AccountMeters read(AccountId account) {
    Map<String, String> h = redis.hgetAll(Keys.account(account));
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, MeterEntry> entries = new TreeMap<>();
    for (Map.Entry<String, String> f : h.entrySet()) {
      String k = f.getKey();
      if (!k.startsWith("M:")) {
        continue;
      }
      int colon = k.indexOf(':', 2);
      String meter = colon < 0 ? k.substring(2) : k.substring(2, colon);
      String part = colon < 0 ? "" : k.substring(colon + 1);
      long[] c = counts.computeIfAbsent(meter, m -> new long[2]);
      switch (part) {
        case "" -> c[0] = Long.parseLong(f.getValue());
        case "r" -> c[1] = Long.parseLong(f.getValue());
        case "j" -> entries.put(meter, MeterEntry.decode(meter, f.getValue()));
        default -> { } // not a meter field this version knows
      }
    }
    List<Meter> meters = new ArrayList<>();
    counts.forEach((m, c) -> meters.add(new Meter(m, c[0], c[1], entries.get(m))));
    String cust = h.get("cust");
    return new AccountMeters(cust == null || cust.isEmpty() ? null : cust, h.containsKey("px"), List.copyOf(meters));
  }

  @Override
  public Cut cut(AccountId account, String meter, Instant now) {
    return MeterLedgerScripts.cutReply(meter, MeterLedgerScripts.CUT.run(redis, MeterLedgerScripts.cut(account, meter,
        now)));
  }

  @Override
  public void settle(AccountId account, MeterEntry entry) {
    MeterLedgerScripts.SETTLE.run(redis, MeterLedgerScripts.settle(account, entry));
  }

  @Override
  public void retry(AccountId account, MeterEntry entry) {
    MeterLedgerScripts.SETTLE.run(redis, MeterLedgerScripts.retry(account, entry));
  }
}
