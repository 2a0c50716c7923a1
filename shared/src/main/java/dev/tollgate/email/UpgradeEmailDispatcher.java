package dev.tollgate.email;

import dev.tollgate.checkout.UpgradeLinks;
import dev.tollgate.config.EmailConfig;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.conversion.Funnel;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One dispatcher run: replays what earlier runs left in the send journal, then claims due emails
 * with a lease, skips (and ends the sequences of) users who paid, converted or unsubscribed,
 * renders the rest and hands each batch to {@link BatchDelivery} (journal, rate, provider,
 * {@link Settlement}). Keep one per container: its rate limiter spans runs.
 *
 * <p>Never two copies of a step: each batch is journaled with its idempotency key and exact
 * emails before the provider call, and its jobs stay bound to that entry until settled. A run
 * that dies after the call, or a call whose outcome is unknown (no answer, 5xx), leaves the entry;
 * a later run replays exactly that batch under the same key (the provider de-duplicates it)
 * instead of re-batching the jobs under a new key.
 *
 * <p>A journaled batch whose every recipient has since unsubscribed, converted or paid is not
 * replayed: its jobs are dropped (the sequences ended) and the entry deleted. Had the first call
 * been accepted after all, the funnel misses those prompts, rather than mailing people who asked
 * for none. A batch with even one recipient still to be mailed is replayed whole (leaving the
 * others out would change its key and could send them a second copy), so an email rendered
 * before an unsubscribe may still go out once, within the batch's retry time (under the 24 h the
 * provider remembers a key; bulk-sender rules give two days to honour an unsubscribe).
 */
public final class UpgradeEmailDispatcher {
  /** Journal entries claimed per replay claim, and the most replayed per run (the rest wait a run). */
  private static final int REPLAYS_PER_CLAIM = 10;
  private static final int MAX_REPLAYS_PER_RUN = 50;

  private final EmailConfig.Dispatch dispatch;
  private final String defaultPlan;
  private final EmailQueue queue;
  private final SendJournal journal;
  private final EmailProfiles profiles;
  private final EmailRenderer renderer;
  private final Clock clock;
  private final BatchDelivery delivery;

  /**
   * A dispatcher for {@code config}'s email section (which must exist), sending what {@code queue}
   * holds through {@code journal} (the queue's own) and {@code sender}, counting each email
   * handed to the provider in {@code funnel}, signing unsubscribe links with {@code links}.
   */
  public UpgradeEmailDispatcher(GatingConfig config, EmailQueue queue, SendJournal journal, EmailProfiles profiles,
      Funnel funnel, EmailSender sender, UnsubscribeLinks links, Clock clock, Sleeper sleeper) {
    this(config, queue, journal, profiles, funnel, sender, links, null, clock, sleeper);
  }

  /**
   * As above; with {@code upgradeLinks} (a config with {@code checkout}) the emails' upgrade link
   * is the account's signed link.
   */
  public UpgradeEmailDispatcher(GatingConfig config, EmailQueue queue, SendJournal journal, EmailProfiles profiles,
      Funnel funnel, EmailSender sender, UnsubscribeLinks links, UpgradeLinks upgradeLinks, Clock clock,
      Sleeper sleeper) {
    EmailConfig email = config.email().orElseThrow(() -> new IllegalArgumentException(
        "gating.yaml has no 'email' section: there is nothing to dispatch"));
    this.dispatch = email.dispatch();
    this.defaultPlan = config.defaultPlan().name();
    this.queue = queue;
    this.journal = journal;
    this.profiles = profiles;
    this.renderer = new EmailRenderer(email, links, dev.tollgate.experiment.Experiments.upgradeUrls(config),
        upgradeLinks, clock);
    this.clock = clock;
    this.delivery = new BatchDelivery(queue, journal, sender,
        new Settlement(queue, journal, profiles, funnel, dispatch, clock), dispatch, clock, sleeper);
  }

  /** Sends what is due, claiming nothing at or after {@code deadline}. */
  public DispatchSummary run(Instant deadline) {
    DispatchRun run = new DispatchRun(deadline);
    replayJournaled(run);
    while (run.mayStart(clock.instant())) {
      Instant now = clock.instant();
      List<EmailJob> jobs = queue.claim(now, dispatch.batchSize(), dispatch.lease());
      if (jobs.isEmpty()) {
        break;
      }
      run.claimed += jobs.size();
      SendBatch batch = prepare(jobs, now, run);
      if (batch != null) {
        delivery.deliver(batch, now.plus(dispatch.lease()), run); // the claim's lease end is its token
      }
    }
    return run.summary();
  }

  /**
   * Replays journaled batches a run left unsettled (it died, or the provider's answer was
   * unknown) once their grace (the lease) is over. The claim leases each entry, so two
   * overlapping runs do not replay one at the same time; were they to, the same key and the same
   * emails still make the provider de-duplicate.
   */
  private void replayJournaled(DispatchRun run) {
    int replayed = 0;
    while (replayed < MAX_REPLAYS_PER_RUN && run.mayStart(clock.instant())) {
      List<SendBatch> batches = journal.claim(clock.instant(), REPLAYS_PER_CLAIM, dispatch.lease());
      if (batches.isEmpty()) {
        return;
      }
      for (SendBatch batch : batches) {
        if (run.outOfTime()) {
          return; // the rest stay journaled; a later run claims them when this claim's lease ends
        }
        replayed++;
        run.claimed += batch.jobs().size();
        if (!endIfNoRecipientWantsIt(batch, run)) {
          delivery.replay(batch, run);
        }
      }
    }
  }

  /** Renders the jobs to send and drops the rest; the batch to deliver, or null if none is left. */
  private SendBatch prepare(List<EmailJob> jobs, Instant now, DispatchRun run) {
    List<EmailJob> toSend = new ArrayList<>();
    List<OutgoingEmail> emails = new ArrayList<>();
    List<String> drops = new ArrayList<>();
    for (EmailJob job : jobs) {
      EmailProfile profile = profiles.lookup(job.userId());
      EmailProfile.Verdict verdict = profile.verdict(job, defaultPlan, now.toEpochMilli());
      if (verdict != EmailProfile.Verdict.SEND) {
        drops.addAll(dropsFor(job, verdict));
        run.skipped++;
        continue;
      }
      try {
        emails.add(renderer.render(job, profile.recipient(job)));
        toSend.add(job);
      } catch (IllegalArgumentException e) {
        queue.deadLetter(job.withError(e.getMessage()), now);
        run.deadLettered++;
      }
    }
    if (!drops.isEmpty()) {
      queue.drop(drops, now);
    }
    return emails.isEmpty() ? null : SendBatch.of(toSend, emails);
  }

  /**
   * Ends a journaled batch without replaying it when every recipient unsubscribed, converted or
   * paid since it was rendered (see the class comment); true if it did.
   */
  private boolean endIfNoRecipientWantsIt(SendBatch batch, DispatchRun run) {
    Instant now = clock.instant();
    List<String> drops = new ArrayList<>();
    for (EmailJob job : batch.jobs()) {
      EmailProfile.Verdict verdict = profiles.lookup(job.userId()).verdict(job, defaultPlan, now.toEpochMilli());
      if (verdict == EmailProfile.Verdict.SEND || verdict == EmailProfile.Verdict.NO_ADDRESS) {
        return false; // NO_ADDRESS: the journaled email carries the address it was rendered with
      }
      drops.addAll(dropsFor(job, verdict));
    }
    queue.drop(drops, now);
    journal.end(batch.idempotencyKey());
    run.skipped += batch.jobs().size();
    return true;
  }

  /** The job, and when its sequence ends (the user left), its later steps. */
  private List<String> dropsFor(EmailJob job, EmailProfile.Verdict verdict) {
    List<String> ids = new ArrayList<>();
    ids.add(job.id());
    if (verdict != EmailProfile.Verdict.NO_ADDRESS) {
      ids.addAll(Sequences.laterStepIds(job, renderer.steps(job.template())));
    }
    return ids;
  }
}
