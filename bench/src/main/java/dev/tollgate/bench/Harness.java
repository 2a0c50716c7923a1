package dev.tollgate.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain single-thread harness: every contestant runs the same number of operations per
 * round, contestants alternate inside each round (A, B, C, A, B, C, ...) so drift on a shared
 * machine hits all of them alike, and figures are medians over rounds.
 */
final class Harness {
  /** One operation of a contestant; {@code i} picks the user. */
  @FunctionalInterface
  interface Op {
    void run(int i) throws Exception;
  }

  /** A named contestant. */
  record Contestant(String name, Op op) {}

  /** One round of one contestant: throughput and latency percentiles. */
  record Round(double opsPerSec, double p50Us, double p99Us) {}

  /** The rounds of every contestant, in contestant order. */
  static final class Result {
    final Map<String, List<Round>> rounds = new LinkedHashMap<>();

    List<Round> of(String name) {
      return rounds.get(name);
    }

    /** Median over rounds of {@code a}'s ops/s divided by {@code b}'s in the same round. */
    double ratio(String a, String b) {
      List<Round> ra = of(a);
      List<Round> rb = of(b);
      double[] r = new double[ra.size()];
      for (int i = 0; i < r.length; i++) {
        r[i] = ra.get(i).opsPerSec() / rb.get(i).opsPerSec();
      }
      return median(r);
    }

    double medianOps(String name) {
      return median(of(name).stream().mapToDouble(Round::opsPerSec).toArray());
    }

    double medianP50(String name) {
      return median(of(name).stream().mapToDouble(Round::p50Us).toArray());
    }

    double medianP99(String name) {
      return median(of(name).stream().mapToDouble(Round::p99Us).toArray());
    }
  }

  private Harness() {}

  /** Warms every contestant up with {@code warmupOps}, then runs {@code rounds} alternating rounds of {@code ops}. */
  static Result run(List<Contestant> contestants, int warmupOps, int rounds, int ops) throws Exception {
    for (Contestant c : contestants) {
      for (int i = 0; i < warmupOps; i++) {
        c.op().run(i);
      }
    }
    Result result = new Result();
    for (Contestant c : contestants) {
      result.rounds.put(c.name(), new ArrayList<>());
    }
    long[] lat = new long[ops];
    int offset = warmupOps;
    for (int r = 0; r < rounds; r++) {
      for (Contestant c : contestants) {
        long start = System.nanoTime();
        for (int i = 0; i < ops; i++) {
          long t = System.nanoTime();
          c.op().run(offset + i);
          lat[i] = System.nanoTime() - t;
        }
        long elapsed = System.nanoTime() - start;
        Arrays.sort(lat);
        result.rounds.get(c.name()).add(new Round(ops * 1e9 / elapsed, lat[ops / 2] / 1e3, lat[(int) (ops * 0.99)] / 1e3));
      }
      offset += ops;
    }
    return result;
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
