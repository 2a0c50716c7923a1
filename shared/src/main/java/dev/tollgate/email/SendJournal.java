package dev.tollgate.email;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The send journal, an outbox of provider calls: each batch is recorded with its idempotency key
 * and exact emails ({@link SendBatch}) before the provider is called. Its jobs then leave their
 * {@link EmailQueue} lease and are in flight: no lease expiry hands them to another run, and only
 * an exact replay of the entry can send them, until the queue settles them (sent, retry,
 * deadLetter, release). A run that dies after the call, or a call whose outcome is unknown, thus
 * leaves an entry that a later run replays under the same key, so the provider de-duplicates it.
 *
 * <p>The journal belongs to one queue (it moves that queue's leased jobs): get it from the queue's
 * adapter, never build one for another queue.
 */
public interface SendJournal {
  /**
   * Journals {@code batch} (jobs of one claim) before its provider call: its jobs leave the lease
   * set and become in flight, and the entry may be replayed by {@link #claim} from
   * {@code now + grace}. If some jobs are no longer leased until {@code leasedUntil} (the claim's
   * token: their lease ran out, and another run may hold them now), nothing is written and their
   * ids are returned.
   */
  List<String> begin(SendBatch batch, Instant leasedUntil, Instant now, Duration grace);

  /**
   * Atomically takes up to {@code max} entries whose replay time has come, moving it to
   * {@code now + lease}; entries with no job still in flight under their key are deleted instead.
   */
  List<SendBatch> claim(Instant now, int max, Duration lease);

  /** Rewrites a journaled batch (same key and emails, new job attempts), replayable from {@code at}. */
  void postpone(SendBatch batch, Instant at);

  /** Deletes an entry once its jobs are settled; a no-op if it is already gone. */
  void end(String idempotencyKey);
}
