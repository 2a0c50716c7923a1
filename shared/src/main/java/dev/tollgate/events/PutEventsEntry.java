package dev.tollgate.events;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.math.BigDecimal;

/**
 * One event as a PutEvents request entry ({@code PutEventsRequestEntry}): {@code Source},
 * {@code DetailType}, {@code Detail} (the detail object as a JSON string), {@code EventBusName},
 * {@code Time} (epoch seconds, as the AWS JSON 1.1 protocol sends timestamps) and
 * {@code Resources}. The local outbox writes exactly what would be sent.
 */
public final class PutEventsEntry {
  private PutEventsEntry() {}

  /** The entry of {@code event} for the bus {@code bus} (a name or an ARN). */
  public static JsonObject of(TollgateEvent event, String bus) {
    JsonObject e = new JsonObject();
    e.addProperty("Source", TollgateEvent.SOURCE);
    e.addProperty("DetailType", event.type());
    e.addProperty("Detail", event.detail());
    e.addProperty("EventBusName", bus);
    e.addProperty("Time", BigDecimal.valueOf(event.time().toEpochMilli()).movePointLeft(3));
    e.add("Resources", new JsonArray());
    return e;
  }
}
