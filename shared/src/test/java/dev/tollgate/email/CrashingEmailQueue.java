package dev.tollgate.email;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A queue and its journal ({@link #journal()}) that make the dispatcher run die at a chosen point,
 * once: right after a batch was journaled ({@link #crashAfterBeginSend}) or when the accepted
 * jobs are to be marked sent ({@link #crashOnSent}), or let something happen just before a batch
 * is journaled. Records the batches journaled.
 */
public final class CrashingEmailQueue implements EmailQueue {
  private final EmailQueue queue;
  private final SendJournal journal;
  private final SendJournal crashingJournal = new CrashingJournal();
  private final List<SendBatch> journaled = new CopyOnWriteArrayList<>();
  private volatile boolean crashAfterBeginSend;
  private volatile boolean crashOnSent;
  private volatile Runnable beforeBeginSend = () -> { };

  /** Wraps {@code queue} and its {@code journal}. */
  public CrashingEmailQueue(EmailQueue queue, SendJournal journal) {
    this.queue = queue;
    this.journal = journal;
  }

  /** The journal to give the dispatcher along with this queue. */
  public SendJournal journal() {
    return crashingJournal;
  }

  /** The next {@link SendJournal#begin} journals its batch, then the run dies. */
  public void crashAfterBeginSend() {
    crashAfterBeginSend = true;
  }

  /** The next {@link #sent} dies without marking anything. */
  public void crashOnSent() {
    crashOnSent = true;
  }

  /** Runs {@code r} once, just before the next {@link SendJournal#begin} (e.g. another run overtakes this one). */
  public void beforeNextBeginSend(Runnable r) {
    beforeBeginSend = r;
  }

  /** Every batch journaled, in order. */
  public List<SendBatch> journaled() {
    return journaled;
  }

  /** The wrapped journal, crashing where it was told to. */
  private final class CrashingJournal implements SendJournal {
    @Override
    public List<String> begin(SendBatch batch, Instant leasedUntil, Instant now, Duration grace) {
      Runnable r = beforeBeginSend;
      beforeBeginSend = () -> { };
      r.run();
      List<String> lost = journal.begin(batch, leasedUntil, now, grace);
      if (!lost.isEmpty()) {
        return lost;
      }
      journaled.add(batch);
      if (crashAfterBeginSend) {
        crashAfterBeginSend = false;
        throw new IllegalStateException("simulated crash after journaling");
      }
      return lost;
    }

    @Override
    public List<SendBatch> claim(Instant now, int max, Duration lease) {
      return journal.claim(now, max, lease);
    }

    @Override
    public void postpone(SendBatch batch, Instant at) {
      journal.postpone(batch, at);
    }

    @Override
    public void end(String idempotencyKey) {
      journal.end(idempotencyKey);
    }
  }

  @Override
  public List<EmailJob> sent(List<EmailJob> jobs, Instant now) {
    if (crashOnSent) {
      crashOnSent = false;
      throw new IllegalStateException("simulated crash before settling");
    }
    return queue.sent(jobs, now);
  }

  @Override
  public int schedule(List<EmailJob> jobs, Instant now) {
    return queue.schedule(jobs, now);
  }

  @Override
  public List<EmailJob> claim(Instant now, int max, Duration lease) {
    return queue.claim(now, max, lease);
  }

  @Override
  public void drop(Collection<String> ids, Instant now) {
    queue.drop(ids, now);
  }

  @Override
  public void retry(EmailJob job) {
    queue.retry(job);
  }

  @Override
  public void deadLetter(EmailJob job, Instant now) {
    queue.deadLetter(job, now);
  }

  @Override
  public void release(List<EmailJob> jobs, Instant leasedUntil, Instant now) {
    queue.release(jobs, leasedUntil, now);
  }

  @Override
  public List<EmailJob> deadLetters(int max) {
    return queue.deadLetters(max);
  }

  @Override
  public long pending() {
    return queue.pending();
  }
}
