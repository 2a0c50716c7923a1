package dev.tollgate.email;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The in-memory {@link EmailQueue}; passes the same contract test as the Redis one. */
public final class InMemoryEmailQueue implements EmailQueue {
  private final Map<String, EmailJob> items = new HashMap<>();
  private final Map<String, Long> due = new HashMap<>();
  private final Map<String, Long> lease = new HashMap<>();
  private final Map<String, Long> done = new HashMap<>();
  private final Map<String, Long> dead = new LinkedHashMap<>();
  private final Map<String, Long> promptsSent = new TreeMap<>();
  /** The send journal, kept encoded so the fake round-trips {@link SendBatch#encode()} as Redis does. */
  private final Map<String, String> sending = new HashMap<>();
  private final Map<String, Long> sendingAt = new HashMap<>();
  private final Map<String, String> inflight = new HashMap<>();

  @Override
  public synchronized int schedule(List<EmailJob> jobs, Instant now) {
    int added = 0;
    for (EmailJob j : jobs) {
      if (!done.containsKey(j.id()) && !items.containsKey(j.id())) {
        items.put(j.id(), j);
        due.put(j.id(), j.dueAt());
        added++;
      }
    }
    return added;
  }

  @Override
  public synchronized List<EmailJob> claim(Instant now, int max, Duration lease) {
    long t = now.toEpochMilli();
    new ArrayList<>(this.lease.entrySet()).stream().filter(e -> e.getValue() <= t).forEach(e -> {
      this.lease.remove(e.getKey());
      due.put(e.getKey(), e.getValue());
    });
    List<Map.Entry<String, Long>> ready = due.entrySet().stream().filter(e -> e.getValue() <= t)
        .sorted(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .limit(max).toList();
    List<EmailJob> out = new ArrayList<>();
    for (Map.Entry<String, Long> e : ready) {
      due.remove(e.getKey());
      this.lease.put(e.getKey(), now.plus(lease).toEpochMilli());
      out.add(items.get(e.getKey()));
    }
    return out;
  }

  @Override
  public synchronized List<EmailJob> sent(List<EmailJob> jobs, Instant now) {
    List<EmailJob> fresh = new ArrayList<>();
    for (EmailJob j : jobs) {
      if (finish(j.id(), now)) {
        fresh.add(j);
        promptsSent.merge(now.atZone(java.time.ZoneOffset.UTC).toLocalDate() + "/" + j.loop(), 1L, Long::sum);
      }
    }
    return fresh;
  }

  @Override
  public synchronized void drop(Collection<String> ids, Instant now) {
    ids.forEach(id -> finish(id, now));
  }

  private boolean finish(String id, Instant now) {
    due.remove(id);
    lease.remove(id);
    inflight.remove(id);
    if (items.remove(id) == null) {
      return false;
    }
    done.put(id, now.toEpochMilli());
    return true;
  }

  @Override
  public synchronized void retry(EmailJob job) {
    if (items.containsKey(job.id())) {
      lease.remove(job.id());
      inflight.remove(job.id());
      items.put(job.id(), job);
      due.put(job.id(), job.dueAt());
    }
  }

  @Override
  public synchronized void deadLetter(EmailJob job, Instant now) {
    if (items.containsKey(job.id())) {
      lease.remove(job.id());
      inflight.remove(job.id());
      due.remove(job.id());
      items.put(job.id(), job);
      dead.remove(job.id());
      dead.put(job.id(), now.toEpochMilli());
    }
  }

  @Override
  public synchronized void release(List<EmailJob> jobs, Instant now) {
    for (EmailJob j : jobs) {
      if (items.containsKey(j.id())) {
        lease.remove(j.id());
        inflight.remove(j.id());
        due.put(j.id(), now.toEpochMilli());
      }
    }
  }

  @Override
  public synchronized List<String> beginSend(SendBatch batch, Instant now, Duration grace) {
    List<String> lost = batch.jobIds().stream().filter(id -> !lease.containsKey(id)).toList();
    if (!lost.isEmpty()) {
      return lost;
    }
    sending.put(batch.idempotencyKey(), batch.encode());
    sendingAt.put(batch.idempotencyKey(), now.plus(grace).toEpochMilli());
    for (String id : batch.jobIds()) {
      lease.remove(id);
      if (items.containsKey(id)) {
        inflight.put(id, batch.idempotencyKey());
      }
    }
    return List.of();
  }

  @Override
  public synchronized List<SendBatch> claimSends(Instant now, int max, Duration lease) {
    long t = now.toEpochMilli();
    List<String> ready = sendingAt.entrySet().stream().filter(e -> e.getValue() <= t)
        .sorted(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .limit(max).map(Map.Entry::getKey).toList();
    List<SendBatch> out = new ArrayList<>();
    for (String key : ready) {
      SendBatch b = SendBatch.decode(sending.get(key));
      if (b.jobIds().stream().anyMatch(id -> key.equals(inflight.get(id)))) {
        sendingAt.put(key, now.plus(lease).toEpochMilli());
        out.add(b);
      } else {
        endSend(key);
      }
    }
    return out;
  }

  @Override
  public synchronized void postponeSend(SendBatch batch, Instant at) {
    if (sending.containsKey(batch.idempotencyKey())) {
      sending.put(batch.idempotencyKey(), batch.encode());
      sendingAt.put(batch.idempotencyKey(), at.toEpochMilli());
    }
  }

  @Override
  public synchronized void endSend(String idempotencyKey) {
    sending.remove(idempotencyKey);
    sendingAt.remove(idempotencyKey);
  }

  @Override
  public synchronized List<EmailJob> deadLetters(int max) {
    return dead.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .limit(max).map(e -> items.get(e.getKey())).filter(java.util.Objects::nonNull).toList();
  }

  @Override
  public synchronized long pending() {
    return due.size() + lease.size() + inflight.size();
  }

  /** promptsSent counted for {@code loop} on UTC day {@code day} (YYYY-MM-DD). */
  public synchronized long promptsSent(String day, String loop) {
    return promptsSent.getOrDefault(day + "/" + loop, 0L);
  }
}
