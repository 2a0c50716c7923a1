package dev.tollgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmfTest {
  @Test
  void writesAValidEmfDocumentWithDimensionsAndCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("EmailsSent", 3L);
    counts.put("EmailsDeadLettered", 1L);
    String line = Emf.counts(Instant.ofEpochMilli(1234), Map.of("loop", "fea\"tures"), counts);
    JsonObject o = JsonParser.parseString(line).getAsJsonObject();
    JsonObject aws = o.getAsJsonObject("_aws");
    assertThat(aws.get("Timestamp").getAsLong()).isEqualTo(1234);
    JsonObject cw = aws.getAsJsonArray("CloudWatchMetrics").get(0).getAsJsonObject();
    assertThat(cw.get("Namespace").getAsString()).isEqualTo("Tollgate");
    assertThat(cw.getAsJsonArray("Dimensions").get(0).getAsJsonArray().get(0).getAsString()).isEqualTo("loop");
    assertThat(cw.getAsJsonArray("Metrics")).hasSize(2);
    assertThat(o.get("loop").getAsString()).isEqualTo("fea\"tures");
    assertThat(o.get("EmailsSent").getAsLong()).isEqualTo(3);
    assertThat(o.get("EmailsDeadLettered").getAsLong()).isEqualTo(1);
  }

  @Test
  void noDimensionsIsAnEmptyDimensionSet() {
    String line = Emf.counts(Instant.EPOCH, Map.of(), Map.of("AuthorizerFailOpen", 1));
    JsonObject cw = JsonParser.parseString(line).getAsJsonObject().getAsJsonObject("_aws")
        .getAsJsonArray("CloudWatchMetrics").get(0).getAsJsonObject();
    assertThat(cw.getAsJsonArray("Dimensions").get(0).getAsJsonArray()).isEmpty();
  }
}
