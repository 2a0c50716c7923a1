package dev.tollgate.email;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-memory {@link SendJournal} of an {@link InMemoryEmailQueue} (get it from
 * {@link InMemoryEmailQueue#journal()}): it moves that queue's leased jobs in flight under the
 * queue's lock. Entries are kept encoded, so the fake round-trips {@link SendBatch#encode()} as
 * Redis does.
 */
final class InMemorySendJournal implements SendJournal {
  private final InMemoryEmailQueue queue;
  private final Map<String, String> sending = new HashMap<>();
  private final Map<String, Long> sendingAt = new HashMap<>();

  InMemorySendJournal(InMemoryEmailQueue queue) {
    this.queue = queue;
  }

  @Override
  public List<String> begin(SendBatch batch, Instant leasedUntil, Instant now, Duration grace) {
    synchronized (queue) {
      Long token = leasedUntil.toEpochMilli();
      List<String> lost = batch.jobIds().stream().filter(id -> !token.equals(queue.lease.get(id))).toList();
      if (!lost.isEmpty()) {
        return lost;
      }
      sending.put(batch.idempotencyKey(), batch.encode());
      sendingAt.put(batch.idempotencyKey(), now.plus(grace).toEpochMilli());
      for (String id : batch.jobIds()) {
        queue.lease.remove(id);
        if (queue.items.containsKey(id)) {
          queue.inflight.put(id, batch.idempotencyKey());
        }
      }
      return List.of();
    }
  }

  @Override
  public List<SendBatch> claim(Instant now, int max, Duration lease) {
    synchronized (queue) {
      long t = now.toEpochMilli();
      List<String> ready = sendingAt.entrySet().stream().filter(e -> e.getValue() <= t)
          .sorted(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
          .limit(max).map(Map.Entry::getKey).toList();
      List<SendBatch> out = new ArrayList<>();
      for (String key : ready) {
        SendBatch b = SendBatch.decode(sending.get(key));
        if (b.jobIds().stream().anyMatch(id -> key.equals(queue.inflight.get(id)))) {
          sendingAt.put(key, now.plus(lease).toEpochMilli());
          out.add(b);
        } else {
          end(key);
        }
      }
      return out;
    }
  }

  @Override
  public void postpone(SendBatch batch, Instant at) {
    synchronized (queue) {
      if (sending.containsKey(batch.idempotencyKey())) {
        sending.put(batch.idempotencyKey(), batch.encode());
        sendingAt.put(batch.idempotencyKey(), at.toEpochMilli());
      }
    }
  }

  @Override
  public void end(String idempotencyKey) {
    synchronized (queue) {
      sending.remove(idempotencyKey);
      sendingAt.remove(idempotencyKey);
    }
  }
}
