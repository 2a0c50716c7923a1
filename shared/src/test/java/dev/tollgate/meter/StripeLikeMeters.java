package dev.tollgate.meter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Stripe's meter events for tests, as Stripe behaves: an identifier seen in the last 24 hours is
 * refused as a duplicate ("An event already exists with identifier ...", which the sender
 * reads as already reported), a customer can be made to refuse events, and one-shot faults
 * run around the next call: after it was recorded (the answer is lost: a 500), or instead of it
 * (Stripe unavailable: a 503). Records every call and every event really recorded. Used
 * directly as a {@link MeterEventSender}, or behind a fake HTTP server speaking Stripe's wire
 * format.
 */
public final class StripeLikeMeters implements MeterEventSender {
  /** How long Stripe keeps an identifier unique. */
  public static final Duration WINDOW = Duration.ofHours(24);

  /** What Stripe did with one call. */
  public enum Outcome { RECORDED, DUPLICATE, REFUSED, LOST_ANSWER, UNAVAILABLE }

  private final Clock clock;
  private final Map<String, Instant> seen = new HashMap<>();
  private final Map<String, Integer> recordings = new HashMap<>();
  private final Map<String, Long> billed = new HashMap<>();
  private final Map<String, String> refusing = new HashMap<>();
  private final List<String> calls = new ArrayList<>();
  private boolean loseNextAnswer;
  private int unavailable;
  private volatile Consumer<MeterEvent> afterRecord = e -> { };

  /** Stripe reading time from {@code clock}. */
  public StripeLikeMeters(Clock clock) {
    this.clock = clock;
  }

  /** Events for {@code customer} are refused with {@code reason} (e.g. a deleted customer). */
  public synchronized void refuse(String customer, String reason) {
    refusing.put(customer, reason);
  }

  /** The next call is recorded but its answer is lost (a 500 after the fact). */
  public synchronized void loseNextAnswer() {
    loseNextAnswer = true;
  }

  /** The next {@code n} calls find Stripe unavailable (503), recording nothing. */
  public synchronized void unavailableFor(int n) {
    unavailable = n;
  }

  /** Runs {@code fault} once, after the next event was recorded, outside the lock (it may block). */
  public void afterNextRecord(Consumer<MeterEvent> fault) {
    afterRecord = fault;
  }

  /** Takes one call as Stripe would. */
  public Outcome take(MeterEvent e) {
    Outcome o = record(e);
    if (o == Outcome.RECORDED || o == Outcome.LOST_ANSWER) {
      Consumer<MeterEvent> fault = afterRecord;
      afterRecord = x -> { };
      fault.accept(e);
    }
    return o;
  }

  private synchronized Outcome record(MeterEvent e) {
    calls.add(e.identifier());
    if (unavailable > 0) {
      unavailable--;
      return Outcome.UNAVAILABLE;
    }
    Instant prior = seen.get(e.identifier());
    if (prior != null && clock.instant().isBefore(prior.plus(WINDOW))) {
      return Outcome.DUPLICATE;
    }
    if (refusing.containsKey(e.customer())) {
      return Outcome.REFUSED;
    }
    seen.put(e.identifier(), clock.instant());
    recordings.merge(e.identifier(), 1, Integer::sum);
    billed.merge(e.customer() + "|" + e.eventName(), e.value(), Long::sum);
    if (loseNextAnswer) {
      loseNextAnswer = false;
      return Outcome.LOST_ANSWER;
    }
    return Outcome.RECORDED;
  }

  /** Why events of {@code customer} are refused (null = they are not). */
  public synchronized String refusal(String customer) {
    return refusing.get(customer);
  }

  @Override
  public MeterResult send(MeterEvent e) {
    return switch (take(e)) {
      case RECORDED -> new MeterResult.Accepted(false);
      case DUPLICATE -> new MeterResult.Accepted(true);
      case REFUSED -> new MeterResult.Refused("400 invalid_request_error: " + refusal(e.customer()));
      case LOST_ANSWER -> new MeterResult.Unavailable("500 api_error", Duration.ZERO, true);
      case UNAVAILABLE -> new MeterResult.Unavailable("503 api_error", Duration.ZERO, true);
    };
  }

  /** Units recorded for {@code customer} on meter {@code eventName}. */
  public synchronized long billed(String customer, String eventName) {
    return billed.getOrDefault(customer + "|" + eventName, 0L);
  }

  /** How many times each identifier was recorded (a replay Stripe did not catch would make a 2). */
  public synchronized Map<String, Integer> recordings() {
    return Map.copyOf(recordings);
  }

  /** The identifier of every call, in order. */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }
}
