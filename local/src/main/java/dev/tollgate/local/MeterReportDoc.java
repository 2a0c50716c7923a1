package dev.tollgate.local;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tollgate.meter.MeterDeadLetter;
import dev.tollgate.meter.MeterQueue;
import java.io.PrintWriter;
import java.util.List;

/**
 * The report's overage section, per account: meter events dead-lettered (Stripe refused them
 * every time, or their outcome stayed unknown), accounts whose overage waits for a linked Stripe
 * customer, and how many accounts are waiting to be reported.
 */
record MeterReportDoc(List<MeterDeadLetter> dead, List<MeterQueue.Held> held, long indexed) {
  /** Entries read at most from each set. */
  static final int MAX = 10_000;

  static MeterReportDoc read(MeterQueue q) {
    return new MeterReportDoc(q.deadLetters(MAX), q.held(MAX), q.indexed());
  }

  JsonObject json() {
    JsonObject o = new JsonObject();
    JsonArray d = new JsonArray();
    for (MeterDeadLetter x : dead) {
      JsonObject e = new JsonObject();
      e.addProperty("account", x.account().value());
      e.addProperty("meter", x.meter());
      e.addProperty("units", x.units());
      e.addProperty("customer", x.customer());
      e.addProperty("identifier", x.identifier());
      e.addProperty("attempts", x.attempts());
      e.addProperty("error", x.error());
      e.addProperty("at", x.at().toString());
      d.add(e);
    }
    o.add("deadLetters", d);
    JsonArray h = new JsonArray();
    for (MeterQueue.Held x : held) {
      JsonObject e = new JsonObject();
      e.addProperty("account", x.account().value());
      e.add("units", Json.GSON.toJsonTree(x.units()));
      e.addProperty("since", x.since().toString());
      h.add(e);
    }
    o.add("waitingForCustomer", h);
    o.addProperty("accountsToReport", indexed);
    return o;
  }

  void print(PrintWriter out) {
    out.println("overage meter events dead-lettered (not billed; check them in Stripe, then bill by hand): "
        + (dead.isEmpty() ? "none" : dead.size()));
    for (MeterDeadLetter x : dead) {
      out.println("  " + x.account() + "  " + x.meter() + "  " + x.units() + " units  customer " + x.customer() + "  "
          + x.attempts() + " attempts  " + x.at() + "  " + x.error());
    }
    out.println("overage waiting for a linked Stripe customer: " + (held.isEmpty() ? "none" : held.size()
        + " account(s)"));
    for (MeterQueue.Held x : held) {
      out.println("  " + x.account() + "  " + x.units() + "  since " + x.since());
    }
    out.println("accounts with overage still to report: " + indexed);
  }
}
