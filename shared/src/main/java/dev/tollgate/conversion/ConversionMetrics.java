package dev.tollgate.conversion;

import java.util.function.Consumer;

/**
 * A CloudWatch Embedded Metric Format line per conversion, written to the function's log
 * (stdout): CloudWatch turns it into the {@code Tollgate} metrics {@code Conversions} and
 * {@code TimeToConvert} per {@code loop} ({@code none} for users who paid without a limit hit).
 */
public final class ConversionMetrics {
  /** The CloudWatch namespace of the metrics. */
  public static final String NAMESPACE = "Tollgate";
  private final Consumer<String> out;

  /** Metrics written to {@code out}, one line per conversion. */
  public ConversionMetrics(Consumer<String> out) {
    this.out = out;
  }

  /** Writes the line for {@code c}. */
  public void emit(Conversion c) {
    out.accept(line(c));
  }

  /** The EMF JSON line for {@code c}. */
  public static String line(Conversion c) {
    String loop = c.attributed() ? c.loop() : "none";
    StringBuilder metrics = new StringBuilder("{\"Name\":\"Conversions\",\"Unit\":\"Count\"}");
    StringBuilder values = new StringBuilder("\"Conversions\":1");
    if (c.timeToConvert() != null) {
      metrics.append(",{\"Name\":\"TimeToConvert\",\"Unit\":\"Milliseconds\"}");
      values.append(",\"TimeToConvert\":").append(c.timeToConvert().toMillis());
    }
    return "{\"_aws\":{\"Timestamp\":" + c.convertedAt().toEpochMilli() + ",\"CloudWatchMetrics\":[{\"Namespace\":\""
        + NAMESPACE + "\",\"Dimensions\":[[\"loop\"]],\"Metrics\":[" + metrics + "]}]},\"loop\":\"" + loop + "\","
        + values + ",\"lastStep\":" + (c.lastStep() == null ? "null" : c.lastStep().toString())
        + ",\"event\":\"conversion\"}";
  }
}
