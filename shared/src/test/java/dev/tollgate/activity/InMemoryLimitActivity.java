package dev.tollgate.activity;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The in-memory {@link LimitActivity} for tests; passes {@link LimitActivityContract}. */
public final class InMemoryLimitActivity implements LimitActivity {
  private final int blocksKept;
  private final int sharesKept;
  private final Map<String, Block> blocks = new HashMap<>();
  private final Map<LocalDate, Map<String, Share>> shares = new TreeMap<>();

  /** A record keeping the product's numbers. */
  public InMemoryLimitActivity() {
    this(BLOCKS_KEPT, SHARES_KEPT_PER_DAY);
  }

  /** A record keeping {@code blocksKept} blocks and {@code sharesKept} shares a day. */
  public InMemoryLimitActivity(int blocksKept, int sharesKept) {
    this.blocksKept = blocksKept;
    this.sharesKept = sharesKept;
  }

  // ties broken by id / member as Redis orders equal scores
  private static final Comparator<Block> NEWEST = Comparator.comparing(Block::at).thenComparing(Block::id).reversed();

  @Override
  public synchronized void blocked(Block block) {
    if (blocks.putIfAbsent(block.id(), block) == null && blocks.size() > blocksKept) {
      blocks.values().stream().sorted(NEWEST.reversed()).limit(blocks.size() - blocksKept).map(Block::id).toList()
          .forEach(blocks::remove);
    }
  }

  @Override
  public synchronized void reached(Share s) {
    Map<String, Share> day = shares.computeIfAbsent(s.at().atZone(ZoneOffset.UTC).toLocalDate(), d -> new HashMap<>());
    String member = member(s);
    Share had = day.get(member);
    if (had != null && had.permille() >= s.permille()) {
      return;
    }
    day.put(member, s);
    if (day.size() > sharesKept) {
      day.entrySet().stream().sorted(highest(day).reversed()).limit(day.size() - sharesKept).map(Map.Entry::getKey)
          .toList().forEach(day::remove);
    }
  }

  @Override
  public synchronized List<Block> latestBlocks(int max) {
    return blocks.values().stream().sorted(NEWEST).limit(max).toList();
  }

  @Override
  public synchronized List<Share> shares(LocalDate day, int max) {
    Map<String, Share> d = shares.getOrDefault(day, Map.of());
    return new ArrayList<>(d.entrySet()).stream().sorted(highest(d)).limit(max).map(Map.Entry::getValue).toList();
  }

  private static Comparator<Map.Entry<String, Share>> highest(Map<String, Share> day) {
    Comparator<Map.Entry<String, Share>> c = Comparator.comparingInt(e -> e.getValue().permille());
    return c.thenComparing(Map.Entry::getKey).reversed();
  }

  private static String member(Share s) {
    return s.account() + "\t" + s.gateId() + "\t" + s.windowStart().toEpochMilli();
  }
}
