package dev.tollgate.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.email.EmailJob;
import dev.tollgate.email.EmailQueue;
import dev.tollgate.email.EmailQueueContract;
import dev.tollgate.testing.RedisCluster;
import dev.tollgate.testing.RedisProcess;
import dev.tollgate.testing.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The email queue contract on a real Redis Cluster (every queue key is in the {tg} slot), and
 * the queue's promise while that slot moves to another master under four dispatcher threads:
 * nothing due is lost and no job is finished twice.
 */
class RedisEmailQueueClusterIT extends EmailQueueContract {
  private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static UnifiedJedis redis;

  @BeforeAll
  static void connect() {
    redis = RedisCluster.shared().client();
  }

  @AfterAll
  static void close() {
    redis.close();
  }

  @Override
  protected EmailQueue newQueue() {
    return new RedisEmailQueue(redis, TestRedis.uniqueUser("cq"));
  }

  private static EmailJob job(String user) {
    return new EmailJob(user, user + "@example.com", "features", "upgrade_prompt", 0, T0.toEpochMilli(),
        T0.toEpochMilli(), T0.toEpochMilli(), 100, 100, T0.plus(Duration.ofDays(30)).toEpochMilli(), "free", 0, null);
  }

  @Test
  void losesAndDuplicatesNothingWhileTheQueueSlotMigrates() throws Exception {
    try (RedisCluster cluster = RedisCluster.start(3, 0); UnifiedJedis client = cluster.client()) {
      RedisEmailQueue queue = new RedisEmailQueue(client, "migrating");
      List<EmailJob> jobs = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        jobs.add(job("mig-" + i));
      }
      assertThat(queue.schedule(jobs, T0)).isEqualTo(600);
      Set<String> finished = ConcurrentHashMap.newKeySet();
      AtomicInteger finishedTwice = new AtomicInteger();
      AtomicInteger errors = new AtomicInteger();
      AtomicBoolean migrating = new AtomicBoolean(true);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        workers.add(pool.submit(() -> {
          while (migrating.get()) {
            try {
              List<EmailJob> claimed = queue.claim(T0, 3, LEASE);
              for (EmailJob j : queue.sent(claimed, T0)) {
                if (!finished.add(j.id())) {
                  finishedTwice.incrementAndGet();
                }
              }
            } catch (RuntimeException e) {
              errors.incrementAndGet();
            }
          }
          return null;
        }));
      }
      String tagKey = Keys.emailQueue("migrating", "due");
      RedisProcess target = cluster.masters().stream().filter(m -> m != cluster.nodeForKey(tagKey)).findFirst()
          .orElseThrow();
      Thread.sleep(50);
      cluster.migrateKeySlot(tagKey, target);
      migrating.set(false);
      for (Future<?> f : workers) {
        f.get();
      }
      pool.shutdown();
      assertThat(cluster.nodeForKey(tagKey)).isSameAs(target);
      // a claim whose answer was lost to a redirect leaves its jobs leased: the lease hands them back
      Instant later = T0.plus(LEASE).plusSeconds(1);
      List<EmailJob> batch;
      while (!(batch = queue.claim(later, 50, LEASE)).isEmpty()) {
        for (EmailJob j : queue.sent(batch, later)) {
          if (!finished.add(j.id())) {
            finishedTwice.incrementAndGet();
          }
        }
      }
      System.out.printf("email queue slot migration: %d finished during/after the move, %d client errors%n",
          finished.size(), errors.get());
      assertThat(finishedTwice.get()).as("jobs finished twice").isZero();
      assertThat(finished).as("every job finished exactly once (client errors: %d)", errors.get()).hasSize(600);
      assertThat(queue.pending()).isZero();
    }
  }
}
