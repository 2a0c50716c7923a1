package dev.tollgate.metrics;

import dev.tollgate.json.JsonText;
import java.time.Instant;
import java.util.Map;

/**
 * CloudWatch Embedded Metric Format lines: one JSON object per line on stdout, which
 * CloudWatch Logs turns into metrics in the {@code Tollgate} namespace — no SDK call, no
 * extra latency on the request path.
 */
public final class Emf {
  /** The CloudWatch namespace of every Tollgate metric. */
  public static final String NAMESPACE = "Tollgate";

  private Emf() {}

  /**
   * One EMF line at {@code at} with count metrics {@code counts} (name → value) under the
   * dimensions {@code dimensions} (name → value; empty for none).
   */
  public static String counts(Instant at, Map<String, String> dimensions, Map<String, ? extends Number> counts) {
    StringBuilder b = new StringBuilder(256);
    b.append("{\"_aws\":{\"Timestamp\":").append(at.toEpochMilli())
        .append(",\"CloudWatchMetrics\":[{\"Namespace\":\"").append(NAMESPACE).append("\",\"Dimensions\":[[");
    boolean first = true;
    for (String d : dimensions.keySet()) {
      b.append(first ? "" : ",").append('"').append(JsonText.escape(d)).append('"');
      first = false;
    }
    b.append("]],\"Metrics\":[");
    first = true;
    for (String m : counts.keySet()) {
      b.append(first ? "" : ",").append("{\"Name\":\"").append(JsonText.escape(m)).append("\",\"Unit\":\"Count\"}");
      first = false;
    }
    b.append("]}]}");
    for (Map.Entry<String, String> d : dimensions.entrySet()) {
      b.append(",\"").append(JsonText.escape(d.getKey())).append("\":\"").append(JsonText.escape(d.getValue())).append('"');
    }
    for (Map.Entry<String, ? extends Number> m : counts.entrySet()) {
      b.append(",\"").append(JsonText.escape(m.getKey())).append("\":").append(m.getValue());
    }
    return b.append('}').toString();
  }
}
