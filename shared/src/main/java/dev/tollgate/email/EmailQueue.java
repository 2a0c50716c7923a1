package dev.tollgate.email;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The due queue of scheduled emails. A job is pending (due at {@code dueAt}), leased (claimed
 * by one dispatcher run until the lease ends), finished (sent or dropped; its id is remembered
 * so it cannot be scheduled again) or dead (failed too often; kept for the report). A leased job
 * about to go to the provider becomes in flight: it sits in the send journal ({@link SendBatch},
 * recorded by {@link #beginSend}) until it is settled (sent, retry, deadLetter, release), and no
 * lease expiry hands it out again; only an exact replay of its journaled batch can send it.
 */
public interface EmailQueue {
  /** Schedules {@code jobs}, ignoring any whose id is already known; returns how many were new. */
  int schedule(List<EmailJob> jobs, Instant now);

  /**
   * Atomically takes up to {@code max} jobs due at {@code now} and leases them until
   * {@code now + lease}; jobs whose lease ran out are due again first. Two callers never get the
   * same job while its lease holds.
   */
  List<EmailJob> claim(Instant now, int max, Duration lease);

  /**
   * Finishes {@code jobs} that reached the provider and counts each in the day's funnel as
   * {@code <loop>:promptsSent}; returns those not finished before (only they are counted).
   */
  List<EmailJob> sent(List<EmailJob> jobs, Instant now);

  /** Finishes the jobs {@code ids} (pending or leased) without sending them. */
  void drop(Collection<String> ids, Instant now);

  /** Puts a leased job back, with its new attempt count, due at {@code job.dueAt()}. */
  void retry(EmailJob job);

  /** Gives up on a leased job: it moves to the dead-letter set, with its {@code lastError}. */
  void deadLetter(EmailJob job, Instant now);

  /** Returns leased jobs unsent, due again at once (a run ran out of time). */
  void release(List<EmailJob> jobs, Instant now);

  /**
   * Journals {@code batch} before its provider call: its jobs leave the lease set and become in
   * flight, and the entry may be replayed by {@link #claimSends} from {@code now + grace}. If some
   * jobs are no longer leased (the lease ran out), nothing is written and their ids are returned.
   */
  List<String> beginSend(SendBatch batch, Instant now, Duration grace);

  /**
   * Atomically takes up to {@code max} journal entries whose replay time has come, moving it to
   * {@code now + lease}; entries with no job still in flight under their key are deleted instead.
   */
  List<SendBatch> claimSends(Instant now, int max, Duration lease);

  /** Rewrites a journaled batch (same key and emails, new job attempts), replayable from {@code at}. */
  void postponeSend(SendBatch batch, Instant at);

  /** Deletes a journal entry once its jobs are settled; a no-op if it is already gone. */
  void endSend(String idempotencyKey);

  /** The newest {@code max} dead-lettered jobs, newest first. */
  List<EmailJob> deadLetters(int max);

  /** How many jobs are pending, leased or in flight (for reports and tests). */
  long pending();
}
