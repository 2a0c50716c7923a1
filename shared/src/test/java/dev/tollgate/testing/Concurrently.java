package dev.tollgate.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs one call many times at once (released together) and counts the true answers. */
public final class Concurrently {
  private Concurrently() {}

  /** {@code calls} runs of {@code call} on {@code threads} threads, all released at once; how many returned true. */
  public static int countTrue(int calls, int threads, Callable<Boolean> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return call.call();
        }));
      }
      start.countDown();
      int yes = 0;
      for (Future<Boolean> f : results) {
        if (f.get(60, TimeUnit.SECONDS)) {
          yes++;
        }
      }
      return yes;
    } finally {
      pool.shutdown();
    }
  }
}
