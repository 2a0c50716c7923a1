package dev.tollgate.meter;

import dev.tollgate.identity.AccountId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link MeterQueue} in memory, one lock for all (each method is atomic like its script). */
public final class InMemoryMeterQueue implements MeterQueue {
  private final Clock clock;
  private final Map<AccountId, Long> due = new HashMap<>();
  private final Map<AccountId, Long> versions = new HashMap<>();
  private final Map<String, MeterDeadLetter> dead = new LinkedHashMap<>();
  private final Map<AccountId, Held> held = new LinkedHashMap<>();
  private long seq;

  /** A queue stamping marks with {@code clock}. */
  public InMemoryMeterQueue(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void mark(AccountId account) {
    due.putIfAbsent(account, clock.millis());
    versions.put(account, ++seq);
  }

  @Override
  public synchronized List<Claimed> claim(Instant now, Instant leaseEnd, int max) {
    List<Claimed> out = new ArrayList<>();
    due.entrySet().stream().filter(e -> e.getValue() <= now.toEpochMilli())
        .sorted(Map.Entry.<AccountId, Long>comparingByValue().thenComparing(e -> e.getKey().value())).limit(max)
        .forEach(e -> out.add(new Claimed(e.getKey(), versions.getOrDefault(e.getKey(), 0L))));
    out.forEach(c -> due.put(c.account(), leaseEnd.toEpochMilli()));
    return out;
  }

  @Override
  public synchronized void done(Claimed c, Instant next, Instant now) {
    if (versions.getOrDefault(c.account(), 0L) == c.version()) {
      if (next == null) {
        due.remove(c.account());
        versions.remove(c.account());
      } else {
        due.put(c.account(), next.toEpochMilli());
      }
      return;
    }
    due.put(c.account(), (next == null ? now : next).toEpochMilli());
  }

  @Override
  public synchronized void deadLetter(MeterDeadLetter d) {
    dead.putIfAbsent(d.identifier(), d);
  }

  @Override
  public synchronized List<MeterDeadLetter> deadLetters(int max) {
    return dead.values().stream().sorted(Comparator.comparing(MeterDeadLetter::at)).limit(max).toList();
  }

  @Override
  public synchronized void hold(AccountId account, Map<String, Long> units, Instant now) {
    Held prior = held.get(account);
    held.put(account, new Held(account, Map.copyOf(units), prior == null ? now : prior.since()));
  }

  @Override
  public synchronized void release(AccountId account) {
    held.remove(account);
  }

  @Override
  public synchronized List<Held> held(int max) {
    return held.values().stream().limit(max).toList();
  }

  @Override
  public synchronized long indexed() {
    return due.size();
  }
}
