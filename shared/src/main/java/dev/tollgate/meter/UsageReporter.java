package dev.tollgate.meter;

import dev.tollgate.email.Backoff;
import dev.tollgate.identity.AccountId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reports accounts' overage to Stripe Billing meters, exactly once: per indexed account and
 * meter, the unreported units are first cut into a journal entry in the account's slot (with a
 * deterministic identifier, the customer and the time), then sent, then settled. A crash after
 * the cut replays the same entry; a crash after Stripe accepted replays it too, and Stripe
 * de-duplicates the identifier; overlapping runs send the same entry and settle it once. A
 * refused event is retried with backoff, then dead-lettered; an account without a linked
 * customer keeps its units until it has one.
 */
public final class UsageReporter {
  /** How long a run holds an account it took (another run takes it after a crash). */
  public static final Duration LEASE = Duration.ofMinutes(2);
  /** Failed calls after which a refused event is dead-lettered. */
  public static final int MAX_ATTEMPTS = 8;
  /** First retry delay, doubled per failed call (capped at a day). */
  public static final Duration BACKOFF = Duration.ofMinutes(1);
  /**
   * How long after its first call an event whose outcome is unknown may still be replayed:
   * within Stripe's de-duplication of identifiers (at least 24 hours), with a margin.
   */
  public static final Duration DEDUP_WINDOW = Duration.ofHours(23);
  /** How often an account waiting for a Stripe customer is looked at again. */
  public static final Duration HOLD_RECHECK = Duration.ofMinutes(15);
  static final int BATCH = 100;

  private final MeterLedger ledger;
  private final MeterQueue queue;
  private final MeterEventSender sender;
  private final Clock clock;

  /** A reporter of {@code ledger}'s meters for the accounts {@code queue} indexes, through {@code sender}. */
  public UsageReporter(MeterLedger ledger, MeterQueue queue, MeterEventSender sender, Clock clock) {
    this.ledger = ledger;
    this.queue = queue;
    this.sender = sender;
    this.clock = clock;
  }

  /** Counts of a run, and whether Stripe was unavailable (then the run stops). */
  private static final class Tally {
    int accounts;
    int sent;
    int duplicates;
    long units;
    int retried;
    int dead;
    int held;
    boolean stop;
  }

  /** Reports what is due, taking no account after {@code deadline}. */
  public ReportSummary run(Instant deadline) {
    Tally t = new Tally();
    Instant start = clock.instant();
    while (!t.stop && clock.instant().isBefore(deadline)) {
      List<MeterQueue.Claimed> batch = queue.claim(start, clock.instant().plus(LEASE), BATCH);
      if (batch.isEmpty()) {
        break;
      }
      for (MeterQueue.Claimed c : batch) {
        Instant next = t.stop || !clock.instant().isBefore(deadline) ? soon() : account(c.account(), t);
        queue.done(c, next, soon());
      }
    }
    return new ReportSummary(t.accounts, t.sent, t.duplicates, t.units, t.retried, t.dead, t.held, t.stop);
  }

  /** Just after now: due at the next run, never again in this one (claims take what was due at its start). */
  private Instant soon() {
    return clock.instant().plusMillis(1);
  }

  /** Reports one account; returns when it is due again (null = nothing left). */
  private Instant account(AccountId a, Tally t) {
    t.accounts++;
    Instant next = null;
    Map<String, Long> held = new TreeMap<>();
    for (MeterLedger.Meter m : ledger.read(a).meters()) {
      if (t.stop || !m.due()) {
        continue;
      }
      MeterLedger.Cut cut = ledger.cut(a, m.name(), clock.instant());
      if (cut.entry() == null) {
        if (cut.held() > 0) {
          held.put(m.name(), cut.held());
        }
        continue;
      }
      next = earliest(next, report(a, cut.entry(), t));
    }
    if (held.isEmpty()) {
      queue.release(a);
    } else {
      queue.hold(a, held, clock.instant());
      t.held++;
      next = earliest(next, clock.instant().plus(HOLD_RECHECK));
    }
    // units counted meanwhile, or a drain still to run, keep the account indexed: a follow-up
    // that ran before those units will not index it again
    MeterLedger.AccountMeters after = ledger.read(a);
    if (next == null && (after.pending() || after.due())) {
      next = soon();
    }
    return next;
  }

  /** Sends {@code e}; returns when it is due again (null = settled or dead-lettered). */
  private Instant report(AccountId a, MeterEntry e, Tally t) {
    long now = clock.millis();
    if (e.nextAttemptMs() > now) {
      return Instant.ofEpochMilli(e.nextAttemptMs());
    }
    if (e.uncertain() && now - e.firstAttemptMs() > DEDUP_WINDOW.toMillis()) {
      deadLetter(a, e, "no answer from Stripe within its de-duplication window (last: " + e.lastError()
          + "); check the customer's meter events in Stripe before reporting these units again", t);
      return null;
    }
    MeterResult r = sender.send(e.event(a));
    if (r instanceof MeterResult.Accepted ok) {
      ledger.settle(a, e);
      t.units += e.units();
      if (ok.duplicate()) {
        t.duplicates++;
      } else {
        t.sent++;
      }
      return null;
    }
    if (r instanceof MeterResult.Refused no) {
      MeterEntry f = e.failed(now, now + Backoff.delay(BACKOFF, e.attempts() + 1, Duration.ZERO).toMillis(), false,
          no.reason());
      if (f.attempts() >= MAX_ATTEMPTS) {
        deadLetter(a, f, no.reason(), t);
        return null;
      }
      ledger.retry(a, f);
      t.retried++;
      return Instant.ofEpochMilli(f.nextAttemptMs());
    }
    MeterResult.Unavailable u = (MeterResult.Unavailable) r;
    MeterEntry f = e.failed(now, now + Backoff.delay(BACKOFF, e.attempts() + 1, u.retryAfter()).toMillis(),
        u.mayHaveReachedStripe(), u.reason());
    ledger.retry(a, f);
    t.retried++;
    t.stop = true;
    return Instant.ofEpochMilli(f.nextAttemptMs());
  }

  private void deadLetter(AccountId a, MeterEntry e, String why, Tally t) {
    queue.deadLetter(new MeterDeadLetter(e.identifier(a), a, e.meter(), e.customer(), e.units(), e.attempts(), why,
        clock.instant()));
    ledger.settle(a, e);
    t.dead++;
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }
}
