package dev.tollgate.email;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The due queue of scheduled emails. A job is pending (due at {@code dueAt}), leased (claimed
 * by one dispatcher run until the lease ends), finished (sent or dropped; its id is remembered
 * so it cannot be scheduled again) or dead (failed too often; kept for the report). A leased job
 * about to go to the provider becomes in flight: the queue's {@link SendJournal} holds it until
 * it is settled here (sent, retry, deadLetter, release), and no lease expiry hands it out again.
 */
public interface EmailQueue {
  /** Schedules {@code jobs}, ignoring any whose id is already known; returns how many were new. */
  int schedule(List<EmailJob> jobs, Instant now);

  /**
   * Atomically takes up to {@code max} jobs due at {@code now} and leases them until
   * {@code now + lease}; jobs whose lease ran out are due again first. Two callers never get the
   * same job while its lease holds. That instant is the lease's token: {@link #release} and
   * {@link SendJournal#begin} act only on jobs still leased until exactly then, so a run that
   * stalled past its lease cannot touch jobs another run has claimed since (a later claim always
   * ends later).
   */
  List<EmailJob> claim(Instant now, int max, Duration lease);

  /** Finishes {@code jobs} that reached the provider; returns those not finished before. */
  List<EmailJob> sent(List<EmailJob> jobs, Instant now);

  /** Finishes the jobs {@code ids} (pending, leased or in flight) without sending them. */
  void drop(Collection<String> ids, Instant now);

  /** Puts a leased or in-flight job back, with its new attempt count, due at {@code job.dueAt()}. */
  void retry(EmailJob job);

  /** Gives up on a leased or in-flight job: it moves to the dead-letter set, with its {@code lastError}. */
  void deadLetter(EmailJob job, Instant now);

  /**
   * Returns jobs unsent, due again at {@code now} (a run ran out of time); only those still leased
   * until exactly {@code leasedUntil} (the claim's token) move, never one in flight.
   */
  void release(List<EmailJob> jobs, Instant leasedUntil, Instant now);

  /** The newest {@code max} dead-lettered jobs, newest first. */
  List<EmailJob> deadLetters(int max);

  /** How many jobs are pending, leased or in flight (for reports and tests). */
  long pending();
}
