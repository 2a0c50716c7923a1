package dev.tollgate.followup;

import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.AccountId;
import dev.tollgate.usage.Gate;
import dev.tollgate.usage.LimitEvents;
import dev.tollgate.usage.LimitReached;
import dev.tollgate.usage.UsageGate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Completes the follow-up work decisions left in accounts (run by the scheduled function,
 * before it sends email): each indexed account's outbox events become funnel counts and
 * scheduled email sequences ({@link LimitEvents}, idempotent per crossing), the account's
 * other follow-ups run ({@link AccountFollowUp}, e.g. overage reporting), and only then are
 * the events acknowledged. A crash anywhere repeats the work, never loses it.
 */
public final class PendingDrainer {
  private static final Logger LOG = Logger.getLogger(PendingDrainer.class.getName());
  private static final int EVENTS_PER_ACCOUNT = 100;

  private final PendingWork work;
  private final LimitEvents events;
  private final List<AccountFollowUp> followUps;
  private final Map<String, Gate> gates = new HashMap<>();
  private final List<String> plans;

  /** A drainer of {@code work} for {@code config}'s gates, handing crossings to {@code events}. */
  public PendingDrainer(PendingWork work, LimitEvents events, List<AccountFollowUp> followUps, GatingConfig config) {
    this.work = work;
    this.events = events;
    this.followUps = List.copyOf(followUps);
    this.plans = new ArrayList<>(config.plans().keySet());
    UsageGate.compile(config).forEach(g -> gates.put(g.gateId(), g));
  }

  /** What a drain run did. */
  public record Summary(int accounts, int events, int failed) {}

  /** Something to do for an account with pending work, before its events are acknowledged. */
  public interface AccountFollowUp {
    /** Handles {@code account}; throws to leave its work pending (it is retried). */
    void handle(AccountId account);
  }

  /** Drains up to {@code maxAccounts} indexed accounts. */
  public Summary drain(int maxAccounts) {
    int accounts = 0;
    int handled = 0;
    int failed = 0;
    for (PendingWork.Pending p : work.due(maxAccounts)) {
      try {
        handled += drain(p);
        accounts++;
      } catch (RuntimeException e) {
        failed++;
        LOG.log(Level.WARNING, "follow-up work of an account failed; it stays pending and is retried", e);
      }
    }
    return new Summary(accounts, handled, failed);
  }

  /**
   * {@link #sweep()} when no run swept within {@code every} (one run claims it), else nothing;
   * returns how many accounts it indexed.
   */
  public int sweepIfDue(java.time.Duration every) {
    return work.claimSweep(every) ? sweep() : 0;
  }

  /** Indexes every account with pending work the index lacks (a lost index write); returns how many. */
  public int sweep() {
    int n = 0;
    for (PendingWork.Pending p : work.scan()) {
      work.index(p.account(), p.since());
      n++;
    }
    return n;
  }

  private int drain(PendingWork.Pending p) {
    List<String> lines = work.events(p.account(), EVENTS_PER_ACCOUNT);
    for (String line : lines) {
      handle(p.account(), line);
    }
    for (AccountFollowUp f : followUps) {
      f.handle(p.account());
    }
    if (work.ack(p.account(), lines.size()) == 0) {
      work.unindex(p.account(), p.since());
    }
    return lines.size();
  }

  private void handle(AccountId account, String line) {
    PendingEvent e;
    try {
      e = PendingEvent.decode(account, line, plans);
    } catch (RuntimeException bad) {
      LOG.warning(() -> "skipping an unreadable outbox event of account " + account + ": " + bad.getMessage());
      return;
    }
    if (e == null) {
      return;
    }
    Gate g = gates.get(e.gateId());
    if (g == null) {
      LOG.warning(() -> "skipping an outbox event of gate " + e.gateId() + ", which the config no longer has");
      return;
    }
    LimitReached hit = new LimitReached(e.userId(), e.meta().email(), g.loop(), g.gateId(), e.plan(), e.used(),
        e.limit(), e.windowStart(), e.windowEnd(), e.at(), account);
    if (e.kind() == PendingEvent.Kind.LIMIT) {
      events.limitReached(hit);
      return;
    }
    if (g.warnIndex() >= 0 && g.threshold(g.warnIndex()) == e.permille()) {
      events.warningReached(hit);
    }
    events.thresholdReached(hit, e.permille());
  }
}
