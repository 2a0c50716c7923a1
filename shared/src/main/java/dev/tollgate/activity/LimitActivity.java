package dev.tollgate.activity;

import java.time.LocalDate;
import java.util.List;

/**
 * The small, bounded record of recent limit activity the dashboard shows without scanning the
 * keyspace: the latest first denials, and per UTC day the accounts by the highest share of a
 * limit they reached. Written by the scheduled drain of follow-up work; every write is
 * idempotent per event, since a failed drain is repeated.
 */
public interface LimitActivity {
  /** How many of the latest blocks are kept. */
  int BLOCKS_KEPT = 100;
  /** How many accounts' shares are kept per day (the highest). */
  int SHARES_KEPT_PER_DAY = 100;

  /** Records a first denial; the same block ({@link Block#id()}) again changes nothing. */
  void blocked(Block block);

  /**
   * Records a share of a limit reached on its UTC day, kept only while it is the highest of its
   * account, gate and window that day (a repeat changes nothing).
   */
  void reached(Share share);

  /** Up to {@code max} of the latest blocks, newest first. */
  List<Block> latestBlocks(int max);

  /** Up to {@code max} of the shares recorded on {@code day}, highest first. */
  List<Share> shares(LocalDate day, int max);
}
