package dev.tollgate.email;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A provider for tests that de-duplicates like Resend: a call under an idempotency key seen in
 * the last 24 h with the same emails answers the original results and sends nothing; with other
 * emails it is a 409 (counted as a conflict). Records every call and every real delivery, and
 * can run a one-shot fault right after it accepted a call (e.g. throw: the answer never arrives).
 */
public final class ResendLikeProvider implements EmailSender {
  /** How long Resend remembers an idempotency key. */
  public static final Duration WINDOW = Duration.ofHours(24);

  private record Accepted(Instant at, List<OutgoingEmail> emails, List<SendResult> results) {}

  private final Clock clock;
  private final Map<String, Accepted> byKey = new HashMap<>();
  private final Map<String, Integer> deliveries = new HashMap<>();
  private final Map<String, Set<String>> batchKeysPerEmail = new HashMap<>();
  private final List<String> calls = new ArrayList<>();
  private int conflicts;
  private volatile Consumer<List<OutgoingEmail>> afterAccept = b -> { };

  /** A provider reading time from {@code clock} (for the 24 h window). */
  public ResendLikeProvider(Clock clock) {
    this.clock = clock;
  }

  /** Runs {@code fault} once, after the next call was accepted (or de-duplicated). */
  public void afterNextAccept(Consumer<List<OutgoingEmail>> fault) {
    this.afterAccept = fault;
  }

  @Override
  public List<SendResult> send(String idempotencyKey, List<OutgoingEmail> batch) {
    List<SendResult> results = accept(idempotencyKey, batch);
    Consumer<List<OutgoingEmail>> fault = afterAccept;
    afterAccept = b -> { };
    fault.accept(batch); // outside the lock: a fault may block while another run calls
    return results;
  }

  private synchronized List<SendResult> accept(String key, List<OutgoingEmail> batch) {
    calls.add(key);
    batch.forEach(m -> batchKeysPerEmail.computeIfAbsent(m.idempotencyKey(), k -> new TreeSet<>()).add(key));
    Accepted prior = byKey.get(key);
    if (prior != null && clock.instant().isBefore(prior.at().plus(WINDOW))) {
      if (prior.emails().equals(batch)) {
        return prior.results();
      }
      conflicts++;
      return batch.stream().<SendResult>map(m -> new SendResult.Failed("409 invalid_idempotent_request")).toList();
    }
    List<SendResult> results = new ArrayList<>();
    for (OutgoingEmail m : batch) {
      deliveries.merge(m.idempotencyKey(), 1, Integer::sum);
      results.add(new SendResult.Sent("re-" + m.jobId()));
    }
    byKey.put(key, new Accepted(clock.instant(), List.copyOf(batch), List.copyOf(results)));
    return results;
  }

  /** Emails really sent, per email idempotency key (de-duplicated calls excluded). */
  public synchronized Map<String, Integer> deliveries() {
    return Map.copyOf(deliveries);
  }

  /** Every batch key each email (by its own key) was ever sent under. */
  public synchronized Map<String, Set<String>> batchKeysPerEmail() {
    return Map.copyOf(batchKeysPerEmail);
  }

  /** The batch key of every call, in order. */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  /** Calls that reused a key with other emails (Resend: 409). */
  public synchronized int conflicts() {
    return conflicts;
  }
}
