package dev.tollgate.redis;

import dev.tollgate.email.EmailJob;
import dev.tollgate.email.EmailQueue;
import dev.tollgate.email.SendBatch;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import redis.clients.jedis.UnifiedJedis;

/**
 * The email queue in Redis: every structure carries the {@code {tg}} hash tag (see
 * {@link Keys}), so each operation is one atomic script, on Redis Cluster too.
 */
public final class RedisEmailQueue implements EmailQueue {
  /** How long finished job ids are remembered (longer than any window plus sequence). */
  public static final Duration DONE_RETENTION = Duration.ofDays(40);

  private static final int DUE = 0;
  private static final int LEASE = 1;
  private static final int ITEMS = 2;
  private static final int DONE = 3;
  private static final int DEAD = 4;
  private static final int SENDING = 5;
  private static final int SENDING_AT = 6;
  private static final int INFLIGHT = 7;

  static final LuaScript SCHEDULE = LuaScript.load("email_schedule.lua");
  private static final LuaScript CLAIM = LuaScript.load("email_claim.lua");
  private static final LuaScript FINISH = LuaScript.load("email_finish.lua");
  private static final LuaScript REQUEUE = LuaScript.load("email_requeue.lua");
  private static final LuaScript BEGIN_SEND = LuaScript.load("email_begin_send.lua");
  private static final LuaScript CLAIM_SENDS = LuaScript.load("email_claim_sends.lua");
  private static final LuaScript END_SEND = LuaScript.load("email_end_send.lua");

  private final UnifiedJedis redis;
  private final List<String> k;

  /** The default queue in {@code redis} (the one {@link RedisLimitEvents} schedules into). */
  public RedisEmailQueue(UnifiedJedis redis) {
    this(redis, "");
  }

  /** The queue called {@code name} in {@code redis} ({@code ""} = the default queue). */
  public RedisEmailQueue(UnifiedJedis redis, String name) {
    this.redis = redis;
    this.k = List.of(Keys.emailQueue(name, "due"), Keys.emailQueue(name, "lease"), Keys.emailQueue(name, "items"),
        Keys.emailQueue(name, "done"), Keys.emailQueue(name, "dead"), Keys.emailQueue(name, "sending"),
        Keys.emailQueue(name, "sendingAt"), Keys.emailQueue(name, "inflight"));
  }

  @Override
  public int schedule(List<EmailJob> jobs, Instant now) {
    return ((Number) SCHEDULE.run(redis, List.of(k.get(DUE), k.get(ITEMS), k.get(DONE), Keys.funnelDay(day(now))),
        scheduleArgs("", now, jobs))).intValue();
  }

  /** The keys of {@code email_schedule.lua} for the default queue. */
  static List<String> scheduleKeys(Instant now) {
    return List.of(Keys.emailDue(), Keys.emailItems(), Keys.emailDone(), Keys.funnelDay(day(now)));
  }

  /** The arguments of {@code email_schedule.lua}. */
  static List<String> scheduleArgs(String funnelField, Instant now, List<EmailJob> jobs) {
    List<String> args = new ArrayList<>(4 + 3 * jobs.size());
    args.add(funnelField);
    args.add(Long.toString(RedisLimitEvents.funnelTtlSeconds()));
    args.add(Long.toString(now.toEpochMilli()));
    args.add(Long.toString(DONE_RETENTION.toMillis()));
    for (EmailJob j : jobs) {
      args.add(j.id());
      args.add(Long.toString(j.dueAt()));
      args.add(j.encode());
    }
    return args;
  }

  @Override
  public List<EmailJob> claim(Instant now, int max, Duration lease) {
    List<?> flat = (List<?>) CLAIM.run(redis, List.of(k.get(DUE), k.get(LEASE), k.get(ITEMS)),
        List.of(Long.toString(now.toEpochMilli()), Long.toString(now.plus(lease).toEpochMilli()),
            Integer.toString(max)));
    return payloads(flat, EmailJob::decode);
  }

  /** The decoded payloads of a script's flat {@code id1, payload1, id2, payload2, ...} answer. */
  private static <T> List<T> payloads(List<?> flat, Function<String, T> decode) {
    List<T> out = new ArrayList<>(flat.size() / 2);
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      out.add(decode.apply((String) flat.get(i + 1)));
    }
    return out;
  }

  @Override
  public List<EmailJob> sent(List<EmailJob> jobs, Instant now) {
    List<String> args = new ArrayList<>();
    for (EmailJob j : jobs) {
      args.add(j.id());
      args.add(j.loop());
    }
    List<?> done = finish(args, now);
    List<EmailJob> fresh = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      if (((Number) done.get(i)).intValue() == 1) {
        fresh.add(jobs.get(i));
      }
    }
    return fresh;
  }

  @Override
  public void drop(Collection<String> ids, Instant now) {
    List<String> args = new ArrayList<>();
    for (String id : ids) {
      args.add(id);
      args.add("");
    }
    finish(args, now);
  }

  private List<?> finish(List<String> pairs, Instant now) {
    if (pairs.isEmpty()) {
      return List.of();
    }
    List<String> args = new ArrayList<>(pairs.size() + 2);
    args.add(Long.toString(now.toEpochMilli()));
    args.add(Long.toString(RedisLimitEvents.funnelTtlSeconds()));
    args.addAll(pairs);
    return (List<?>) FINISH.run(redis, List.of(k.get(DUE), k.get(LEASE), k.get(ITEMS), k.get(DONE),
        Keys.funnelDay(day(now)), k.get(INFLIGHT)), args);
  }

  @Override
  public void retry(EmailJob job) {
    requeue("retry", List.of(job.id(), Long.toString(job.dueAt()), job.encode()));
  }

  @Override
  public void deadLetter(EmailJob job, Instant now) {
    requeue("dead", List.of(job.id(), Long.toString(now.toEpochMilli()), job.encode()));
  }

  @Override
  public void release(List<EmailJob> jobs, Instant now) {
    List<String> triples = new ArrayList<>();
    for (EmailJob j : jobs) {
      triples.add(j.id());
      triples.add(Long.toString(now.toEpochMilli()));
      triples.add("");
    }
    if (!triples.isEmpty()) {
      requeue("release", triples);
    }
  }

  private void requeue(String mode, List<String> triples) {
    List<String> args = new ArrayList<>(triples.size() + 1);
    args.add(mode);
    args.addAll(triples);
    REQUEUE.run(redis, List.of(k.get(DUE), k.get(LEASE), k.get(ITEMS), k.get(DEAD), k.get(INFLIGHT)), args);
  }

  @Override
  public List<String> beginSend(SendBatch batch, Instant now, Duration grace) {
    List<String> args = new ArrayList<>(List.of("begin", batch.idempotencyKey(), batch.encode(),
        Long.toString(now.plus(grace).toEpochMilli())));
    args.addAll(batch.jobIds());
    return writeSend(args);
  }

  @Override
  public void postponeSend(SendBatch batch, Instant at) {
    writeSend(List.of("postpone", batch.idempotencyKey(), batch.encode(), Long.toString(at.toEpochMilli())));
  }

  @SuppressWarnings("unchecked")
  private List<String> writeSend(List<String> args) {
    return (List<String>) BEGIN_SEND.run(redis, List.of(k.get(LEASE), k.get(ITEMS), k.get(SENDING), k.get(SENDING_AT), k.get(INFLIGHT)),
        args);
  }

  @Override
  public List<SendBatch> claimSends(Instant now, int max, Duration lease) {
    List<?> flat = (List<?>) CLAIM_SENDS.run(redis, List.of(k.get(SENDING), k.get(SENDING_AT), k.get(INFLIGHT)),
        List.of(Long.toString(now.toEpochMilli()), Long.toString(now.plus(lease).toEpochMilli()),
            Integer.toString(max)));
    return payloads(flat, SendBatch::decode);
  }

  @Override
  public void endSend(String idempotencyKey) {
    END_SEND.run(redis, List.of(k.get(SENDING), k.get(SENDING_AT)), List.of(idempotencyKey));
  }

  @Override
  public List<EmailJob> deadLetters(int max) {
    List<String> ids = redis.zrevrange(k.get(DEAD), 0, max - 1L);
    if (ids.isEmpty()) {
      return List.of();
    }
    List<EmailJob> jobs = new ArrayList<>();
    for (String payload : redis.hmget(k.get(ITEMS), ids.toArray(String[]::new))) {
      if (payload != null) {
        jobs.add(EmailJob.decode(payload));
      }
    }
    return jobs;
  }

  @Override
  public long pending() {
    return redis.zcard(k.get(DUE)) + redis.zcard(k.get(LEASE)) + redis.hlen(k.get(INFLIGHT));
  }

  static String day(Instant at) {
    return at.atZone(ZoneOffset.UTC).toLocalDate().toString();
  }
}
