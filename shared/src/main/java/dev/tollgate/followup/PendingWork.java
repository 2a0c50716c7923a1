package dev.tollgate.followup;

import dev.tollgate.identity.AccountId;
import java.util.List;

/** Accounts with follow-up work waiting, and their outboxes. */
public interface PendingWork {
  /** An indexed account and since when its work is pending (epoch ms). */
  record Pending(AccountId account, long since) {}

  /** Up to {@code max} indexed accounts, oldest first. */
  List<Pending> due(int max);

  /** The first {@code max} outbox events of {@code account} (raw lines), oldest first. */
  List<String> events(AccountId account, int max);

  /**
   * Removes the first {@code count} events of {@code account}'s outbox once handled; returns
   * since when work is still pending (0 = nothing left: the account's marker is cleared).
   */
  long ack(AccountId account, int count);

  /** Removes {@code account} from the index if it was indexed for {@code since} (not re-indexed since). */
  void unindex(AccountId account, long since);

  /** Indexes {@code account} (the sweep's repair of an index entry that was never written). */
  void index(AccountId account, long since);

  /** Claims the periodic sweep: true for one caller per {@code every}. */
  boolean claimSweep(java.time.Duration every);

  /** Accounts holding pending work, found by scanning the keyspace (slow: for the periodic sweep). */
  List<Pending> scan();
}
