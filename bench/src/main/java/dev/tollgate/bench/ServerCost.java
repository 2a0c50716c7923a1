package dev.tollgate.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Redis server time per operation from {@code INFO commandstats}, one contestant at a time on a
 * server of the bench's own: {@code CONFIG RESETSTAT}, a chunk of operations, then the
 * contestant's top-level commands' {@code usec} divided by the operations; contestants
 * alternate chunk by chunk and the figure is the median over chunks. Commands a script runs
 * are counted by commandstats too (their time is inside the script's), so only the
 * contestant's own top-level commands are summed.
 */
final class ServerCost {
  /** A contestant and the top-level commands it sends (e.g. {@code evalsha}, or {@code eval} + {@code get}). */
  record Contestant(String name, Harness.Op op, List<String> commands) {}

  /**
   * Median server µs per operation over the rounds, the least-disturbed round's (the minimum: on
   * a shared machine a script descheduled halfway counts its wait as its time), and top-level
   * commands per operation.
   */
  record Figure(double usPerOp, double minUsPerOp, double commandsPerOp) {}

  private ServerCost() {}

  static Map<String, Figure> run(BenchRedis redis, List<Contestant> contestants, int warmup, int rounds, int ops)
      throws Exception {
    for (Contestant c : contestants) {
      for (int i = 0; i < warmup; i++) {
        c.op().run(i);
      }
    }
    Map<String, List<double[]>> samples = new LinkedHashMap<>();
    contestants.forEach(c -> samples.put(c.name(), new ArrayList<>()));
    int offset = warmup;
    for (int r = 0; r < rounds; r++) {
      for (Contestant c : contestants) {
        redis.resetStats();
        for (int i = 0; i < ops; i++) {
          c.op().run(offset + i);
        }
        samples.get(c.name()).add(topLevel(redis, c.commands(), ops));
      }
      offset += ops;
    }
    Map<String, Figure> out = new LinkedHashMap<>();
    samples.forEach((name, s) -> out.put(name, new Figure(Harness.median(s.stream().mapToDouble(v -> v[0]).toArray()),
        s.stream().mapToDouble(v -> v[0]).min().orElse(Double.NaN),
        Harness.median(s.stream().mapToDouble(v -> v[1]).toArray()))));
    return out;
  }

  /**
   * {µs, commands} per op of {@code commands} sent by the client. Script commands (eval,
   * evalsha) count whole; a plain command also run inside the scripts (bucket4j's GET, which its
   * compare-and-swap script repeats) counts only its top-level calls: its calls less one per
   * script call, at its mean µs per call.
   */
  private static double[] topLevel(BenchRedis redis, List<String> commands, int ops) {
    double usec = 0;
    double calls = 0;
    long scripts = 0;
    for (String c : commands) {
      if (c.startsWith("eval")) {
        long[] s = redis.commandStat(c);
        usec += s[0];
        calls += s[1];
        scripts += s[1];
      }
    }
    for (String c : commands) {
      if (!c.startsWith("eval")) {
        long[] s = redis.commandStat(c);
        long own = Math.max(0, s[1] - scripts);
        usec += s[1] == 0 ? 0 : (double) s[0] / s[1] * own;
        calls += own;
      }
    }
    return new double[] {usec / ops, calls / ops};
  }
}
