package dev.tollgate.email;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one dispatcher run did.
 *
 * @param claimed jobs taken from the queue, and jobs of journaled batches replayed
 * @param sent jobs the provider accepted
 * @param skipped jobs not sent because the user paid, converted, unsubscribed or has no address
 * @param retried jobs put back for a later attempt (alone, or as their whole journaled batch)
 * @param deadLettered jobs given up on
 * @param released jobs handed back unsent because the run ran out of time
 * @param providerCalls provider requests made (429 answers included)
 * @param promptsSent by loop, the sent jobs the funnel counted as {@code promptsSent} in this run
 */
public record DispatchSummary(int claimed, int sent, int skipped, int retried, int deadLettered, int released,
    int providerCalls, Map<String, Integer> promptsSent) {

  /** Copies the map. */
  public DispatchSummary {
    promptsSent = Map.copyOf(promptsSent);
  }

  /** The summary as a JSON-friendly map (the Lambda's answer). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("claimed", claimed);
    m.put("sent", sent);
    m.put("skipped", skipped);
    m.put("retried", retried);
    m.put("deadLettered", deadLettered);
    m.put("released", released);
    m.put("providerCalls", providerCalls);
    return m;
  }
}
