package dev.tollgate.redis;

import dev.tollgate.activity.Block;
import dev.tollgate.activity.LimitActivity;
import dev.tollgate.activity.Share;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * The limit activity record in {@code {tg}}: the latest blocks ({@code {tg}:lb}, capped) and
 * each day's shares ({@code {tg}:nl:DAY}, capped, expiring); each write is one script, reading
 * is a range of a sorted set and the matching fields of its hash.
 */
public final class RedisLimitActivity implements LimitActivity {
  private final UnifiedJedis redis;
  private final String name;
  private final int blocksKept;
  private final int sharesKept;

  /** The stack's record on {@code redis}. */
  public RedisLimitActivity(UnifiedJedis redis) {
    this(redis, "", BLOCKS_KEPT, SHARES_KEPT_PER_DAY);
  }

  /** A record called {@code name} keeping the given numbers (tests sharing a Redis use their own). */
  public RedisLimitActivity(UnifiedJedis redis, String name, int blocksKept, int sharesKept) {
    this.redis = redis;
    this.name = name;
    this.blocksKept = blocksKept;
    this.sharesKept = sharesKept;
  }

  @Override
  public void blocked(Block block) {
    LimitActivityCodec.BLOCK.run(redis, LimitActivityCodec.block(name, block, blocksKept));
  }

  @Override
  public void reached(Share share) {
    LimitActivityCodec.SHARE.run(redis, LimitActivityCodec.share(name, share, sharesKept));
  }

  @Override
  public List<Block> latestBlocks(int max) {
    String key = Keys.latestBlocks(name);
    List<String> ids = redis.zrevrange(key, 0, max - 1L);
    List<Block> out = new ArrayList<>(ids.size());
    List<String> details = ids.isEmpty() ? List.of() : redis.hmget(key + ":d", ids.toArray(String[]::new));
    for (int i = 0; i < ids.size(); i++) {
      if (details.get(i) != null) {
        out.add(LimitActivityCodec.decodeBlock(ids.get(i), details.get(i)));
      }
    }
    return out;
  }

  @Override
  public List<Share> shares(LocalDate day, int max) {
    String key = LimitActivityCodec.sharesKey(name, day);
    List<String> members = redis.zrevrange(key, 0, max - 1L);
    List<Share> out = new ArrayList<>(members.size());
    List<String> details = members.isEmpty() ? List.of() : redis.hmget(key + ":d", members.toArray(String[]::new));
    for (String d : details) {
      if (d != null) {
        out.add(LimitActivityCodec.decodeShare(d));
      }
    }
    return out;
  }
}
