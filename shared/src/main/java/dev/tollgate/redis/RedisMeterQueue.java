package dev.tollgate.redis;

import dev.tollgate.identity.AccountId;
import dev.tollgate.meter.MeterDeadLetter;
import dev.tollgate.meter.MeterQueue;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@link MeterQueue} on Redis, in the {@code {tg}} slot: the {@code {tg}:meters} index with its
 * versions (scripts), the dead letters and the accounts waiting for a customer.
 */
public final class RedisMeterQueue implements MeterQueue {
  private final UnifiedJedis redis;
  private final Clock clock;
  private final String name;

  /** The queue in {@code redis}; {@code clock} stamps marks. */
  public RedisMeterQueue(UnifiedJedis redis, Clock clock) {
    this(redis, clock, "");
  }

  /** The queue called {@code name} (tests, or a staging stack sharing a Redis) in {@code redis}. */
  public RedisMeterQueue(UnifiedJedis redis, Clock clock, String name) {
    this.redis = redis;
    this.clock = clock;
    this.name = name;
  }

  @Override
  public void mark(AccountId account) {
    MeterIndexScripts.MARK.run(redis, MeterIndexScripts.mark(name, account, clock.instant()));
  }

  @Override
  public List<Claimed> claim(Instant now, Instant leaseEnd, int max) {
    return MeterIndexScripts.claimReply(MeterIndexScripts.CLAIM.run(redis, MeterIndexScripts.claim(name, now, leaseEnd,
        max)));
  }

  @Override
  public void done(Claimed c, Instant next, Instant now) {
    MeterIndexScripts.DONE.run(redis, MeterIndexScripts.done(name, c, next, now));
  }

  @Override
  public void deadLetter(MeterDeadLetter d) {
    // the record first: a dead-letter index entry never lacks its record
    redis.hset(Keys.meters(name, "deadinfo"), d.identifier(), d.encode());
    redis.zadd(Keys.meters(name, "dead"), d.at().toEpochMilli(), d.identifier());
  }

  @Override
  public List<MeterDeadLetter> deadLetters(int max) {
    List<MeterDeadLetter> out = new ArrayList<>();
    for (String id : redis.zrange(Keys.meters(name, "dead"), 0, max - 1L)) {
      String text = redis.hget(Keys.meters(name, "deadinfo"), id);
      if (text != null) {
        out.add(MeterDeadLetter.decode(text));
      }
    }
    return out;
  }

  @Override
  public void hold(AccountId account, Map<String, Long> units, Instant now) {
    String prior = redis.hget(Keys.meters(name, "held"), account.value());
    long since = prior == null ? now.toEpochMilli() : Held.decode(account, prior).since().toEpochMilli();
    redis.hset(Keys.meters(name, "held"), account.value(), Held.encode(units, since));
  }

  @Override
  public void release(AccountId account) {
    redis.hdel(Keys.meters(name, "held"), account.value());
  }

  @Override
  public List<MeterQueue.Held> held(int max) {
    List<MeterQueue.Held> out = new ArrayList<>();
    for (Map.Entry<String, String> e : redis.hgetAll(Keys.meters(name, "held")).entrySet()) {
      if (out.size() >= max) {
        break;
      }
      out.add(Held.decode(AccountId.parse(e.getKey()), e.getValue()));
    }
    return out;
  }

  @Override
  public long indexed() {
    return redis.zcard(Keys.meters(name, ""));
  }

  /** The stored text of a waiting account: {@code METER=UNITS,...|sinceMs}. */
  static final class Held {
    private Held() {}

    static String encode(Map<String, Long> units, long since) {
      StringBuilder b = new StringBuilder();
      units.forEach((m, u) -> b.append(b.length() == 0 ? "" : ",").append(m).append('=').append(u));
      return b.append('|').append(since).toString();
    }

    static MeterQueue.Held decode(AccountId account, String text) {
      int bar = text.lastIndexOf('|');
      Map<String, Long> units = new LinkedHashMap<>();
      for (String part : text.substring(0, bar).split(",")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          units.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
        }
      }
      return new MeterQueue.Held(account, units, Instant.ofEpochMilli(Long.parseLong(text.substring(bar + 1))));
    }
  }
}
