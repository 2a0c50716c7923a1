package dev.tollgate.meter;

import dev.tollgate.identity.AccountId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link MeterLedger} in memory, one lock for all (each method is atomic like its script), with
 * what the decision and the webhook write beside the port: overage units and the pending marker
 * ({@link #count}), the linked customer ({@link #link}), and the drain's acknowledgement ({@link #ack}).
 */
public final class InMemoryMeterLedger implements MeterLedger {
  private static final class Account {
    final Map<String, Long> total = new TreeMap<>();
    final Map<String, Long> reported = new HashMap<>();
    final Map<String, MeterEntry> entries = new HashMap<>();
    String customer;
    boolean pending;
  }

  private final Map<AccountId, Account> accounts = new HashMap<>();

  private Account of(AccountId a) {
    return accounts.computeIfAbsent(a, k -> new Account());
  }

  /** The decision counting {@code units} of overage on {@code meter}: cumulative count and pending marker. */
  public synchronized void count(AccountId a, String meter, long units) {
    of(a).total.merge(meter, units, Long::sum);
    of(a).pending = true;
  }

  /** The webhook linking {@code customer} to the account. */
  public synchronized void link(AccountId a, String customer) {
    of(a).customer = customer;
  }

  /** The drain acknowledging the account's work (its outbox is empty): the pending marker is cleared. */
  public synchronized void ack(AccountId a) {
    of(a).pending = false;
  }

  @Override
  public synchronized AccountMeters read(AccountId account) {
    Account a = of(account);
    List<Meter> meters = new ArrayList<>();
    for (Map.Entry<String, Long> e : a.total.entrySet()) {
      meters.add(new Meter(e.getKey(), e.getValue(), a.reported.getOrDefault(e.getKey(), 0L),
          a.entries.get(e.getKey())));
    }
    return new AccountMeters(a.customer, a.pending, List.copyOf(meters));
  }

  @Override
  public synchronized Cut cut(AccountId account, String meter, Instant now) {
    Account a = of(account);
    MeterEntry e = a.entries.get(meter);
    if (e != null) {
      return new Cut(e, 0);
    }
    long total = a.total.getOrDefault(meter, 0L);
    long rep = a.reported.getOrDefault(meter, 0L);
    if (total <= rep) {
      return new Cut(null, 0);
    }
    if (a.customer == null) {
      return new Cut(null, total - rep);
    }
    e = new MeterEntry(meter, rep, total, now.getEpochSecond(), a.customer, 0, 0, 0, false, "");
    a.entries.put(meter, e);
    return new Cut(e, 0);
  }

  @Override
  public synchronized void settle(AccountId account, MeterEntry entry) {
    Account a = of(account);
    if (same(a.entries.get(entry.meter()), entry)) {
      a.reported.put(entry.meter(), entry.to());
      a.entries.remove(entry.meter());
    }
  }

  @Override
  public synchronized void retry(AccountId account, MeterEntry entry) {
    Account a = of(account);
    if (same(a.entries.get(entry.meter()), entry)) {
      a.entries.put(entry.meter(), entry);
    }
  }

  private static boolean same(MeterEntry stored, MeterEntry e) {
    return stored != null && stored.from() == e.from() && stored.to() == e.to();
  }
}
