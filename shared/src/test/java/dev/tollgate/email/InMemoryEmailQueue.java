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

/**
 * The in-memory {@link EmailQueue}, with its {@link #journal()}; both pass the same contract tests
 * as the Redis ones. Every method holds this object's lock, the journal's too, so each operation
 * is atomic as a Redis script is.
 */
public final class InMemoryEmailQueue implements EmailQueue {
  final Map<String, EmailJob> items = new HashMap<>();
  private final Map<String, Long> due = new HashMap<>();
  final Map<String, Long> lease = new HashMap<>();
  private final Map<String, Long> done = new HashMap<>();
  private final Map<String, Long> dead = new LinkedHashMap<>();
  /** Job id -> key of the journal entry it is in flight in. */
  final Map<String, String> inflight = new HashMap<>();
  private final InMemorySendJournal journal = new InMemorySendJournal(this);

  /** The send journal of this queue. */
  public SendJournal journal() {
    return journal;
  }

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
  public synchronized void release(List<EmailJob> jobs, Instant leasedUntil, Instant now) {
    for (EmailJob j : jobs) {
      if (items.containsKey(j.id()) && Long.valueOf(leasedUntil.toEpochMilli()).equals(lease.get(j.id()))) {
        lease.remove(j.id());
        inflight.remove(j.id());
        due.put(j.id(), now.toEpochMilli());
      }
    }
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

}
