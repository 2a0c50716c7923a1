package dev.tollgate.meter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one reporter run did.
 *
 * @param accounts accounts taken from the index
 * @param sent meter events Stripe accepted as new
 * @param duplicates meter events Stripe already held (a replay it de-duplicated)
 * @param units overage units of the accepted and de-duplicated events
 * @param retried calls that failed and will be retried
 * @param deadLettered events given up on
 * @param held accounts whose overage waits for a linked Stripe customer
 * @param stopped whether the run stopped early because Stripe was unavailable
 */
public record ReportSummary(int accounts, int sent, int duplicates, long units, int retried, int deadLettered,
    int held, boolean stopped) {

  /** The summary as the function answers it. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("accounts", accounts);
    m.put("sent", sent);
    m.put("duplicates", duplicates);
    m.put("units", units);
    m.put("retried", retried);
    m.put("deadLettered", deadLettered);
    m.put("held", held);
    m.put("stopped", stopped);
    return m;
  }
}
