package dev.tollgate.redis;

import dev.tollgate.email.EmailJob;
import dev.tollgate.email.EmailQueue;
import dev.tollgate.email.SendJournal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * The email queue in Redis: every structure carries the {@code {tg}} hash tag (see
 * {@link Keys}), so each operation is one atomic script, on Redis Cluster too. Its send journal
 * ({@link #journal()}) lives in the same slot, because journaling moves this queue's leased jobs.
 */
public final class RedisEmailQueue implements EmailQueue {
  /** How long finished job ids are remembered (longer than any window plus sequence). */
  public static final Duration DONE_RETENTION = Duration.ofDays(40);

  private final UnifiedJedis redis;
  private final EmailQueueKeys keys;
  private final RedisSendJournal journal;

  /** The default queue in {@code redis} (the one limit crossings schedule into). */
  public RedisEmailQueue(UnifiedJedis redis) {
    this(redis, "");
  }

  /** The queue called {@code name} in {@code redis} ({@code ""} = the default queue). */
  public RedisEmailQueue(UnifiedJedis redis, String name) {
    this.redis = redis;
    this.keys = EmailQueueKeys.named(name);
    this.journal = new RedisSendJournal(redis, keys);
  }

  /** The send journal of this queue. */
  public SendJournal journal() {
    return journal;
  }

  @Override
  public int schedule(List<EmailJob> jobs, Instant now) {
    if (jobs.isEmpty()) {
      return 0;
    }
    return EmailScheduleScript.reply(EmailScheduleScript.SCRIPT.run(redis,
        EmailScheduleScript.call(keys, now, DONE_RETENTION, jobs)));
  }

  @Override
  public List<EmailJob> claim(Instant now, int max, Duration lease) {
    return EmailClaimScript.reply(EmailClaimScript.SCRIPT.run(redis,
        EmailClaimScript.call(keys, now, now.plus(lease), max)));
  }

  @Override
  public List<EmailJob> sent(List<EmailJob> jobs, Instant now) {
    List<Boolean> fresh = finish(jobs.stream().map(EmailJob::id).toList(), now);
    List<EmailJob> out = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      if (fresh.get(i)) {
        out.add(jobs.get(i));
      }
    }
    return out;
  }

  @Override
  public void drop(Collection<String> ids, Instant now) {
    finish(List.copyOf(ids), now);
  }

  private List<Boolean> finish(List<String> ids, Instant now) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return EmailFinishScript.reply(EmailFinishScript.SCRIPT.run(redis, EmailFinishScript.call(keys, now, ids)));
  }

  @Override
  public void retry(EmailJob job) {
    EmailRequeueScript.SCRIPT.run(redis, EmailRequeueScript.retry(keys, List.of(job)));
  }

  @Override
  public void deadLetter(EmailJob job, Instant now) {
    EmailRequeueScript.SCRIPT.run(redis, EmailRequeueScript.dead(keys, List.of(job), now));
  }

  @Override
  public void release(List<EmailJob> jobs, Instant leasedUntil, Instant now) {
    if (!jobs.isEmpty()) {
      EmailRequeueScript.SCRIPT.run(redis, EmailRequeueScript.release(keys, jobs, leasedUntil, now));
    }
  }

  @Override
  public List<EmailJob> deadLetters(int max) {
    List<String> ids = redis.zrevrange(keys.dead(), 0, max - 1L);
    if (ids.isEmpty()) {
      return List.of();
    }
    List<EmailJob> jobs = new ArrayList<>();
    for (String payload : redis.hmget(keys.items(), ids.toArray(String[]::new))) {
      if (payload != null) {
        jobs.add(EmailJob.decode(payload));
      }
    }
    return jobs;
  }

  @Override
  public long pending() {
    return redis.zcard(keys.due()) + redis.zcard(keys.lease()) + redis.hlen(keys.inflight());
  }
}
