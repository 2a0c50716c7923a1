package dev.tollgate.plan;

import static dev.tollgate.plan.StripeJson.idOf;
import static dev.tollgate.plan.StripeJson.obj;
import static dev.tollgate.plan.StripeJson.str;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.tollgate.json.JsonText;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the credits a Checkout Session sells: {@code metadata.tollgate_credits} (a positive
 * whole number, at most {@link CreditPurchase#MAX_UNITS}) and optionally
 * {@code metadata.tollgate_credits_expire_days} (1..{@link CreditPurchase#MAX_EXPIRE_DAYS}),
 * granted only once the session is paid. Metadata that does not say a usable number is left
 * out with a note (the seller must fix the Payment Link; a retry would not help), never an error.
 */
final class StripeCredits {
  /** Metadata key of the units a session grants. */
  static final String UNITS = "tollgate_credits";
  /** Metadata key of the days after payment when unused units lapse. */
  static final String EXPIRE_DAYS = "tollgate_credits_expire_days";
  private static final Set<String> PAID = Set.of("paid", "no_payment_required");
  private static final Pattern WHOLE = Pattern.compile("[0-9]{1,12}");

  private StripeCredits() {}

  /**
   * The credits {@code session} grants as of an event created at {@code created} (epoch ms),
   * or null (none asked for, not paid yet, unusable metadata, or nobody to grant them to:
   * each but the first with a note in {@code notes}).
   */
  static CreditPurchase purchase(JsonObject session, String account, long created, List<String> notes) {
    JsonObject metadata = obj(session, "metadata");
    if (metadata == null || !metadata.has(UNITS)) {
      return null;
    }
    String id = str(session, "id");
    String what = "credits of checkout session " + (id == null ? "(no id)" : JsonText.escape(id));
    Long units = whole(metadata.get(UNITS), CreditPurchase.MAX_UNITS);
    if (units == null) {
      notes.add(what + " not granted: metadata." + UNITS + " " + shown(metadata.get(UNITS))
          + " is not a whole number of units from 1 to " + CreditPurchase.MAX_UNITS);
      return null;
    }
    Long expiresAt = null;
    if (metadata.has(EXPIRE_DAYS)) {
      Long days = whole(metadata.get(EXPIRE_DAYS), CreditPurchase.MAX_EXPIRE_DAYS);
      if (days == null) {
        notes.add(what + " not granted: metadata." + EXPIRE_DAYS + " " + shown(metadata.get(EXPIRE_DAYS))
            + " is not a whole number of days from 1 to " + CreditPurchase.MAX_EXPIRE_DAYS);
        return null;
      }
      expiresAt = created + Duration.ofDays(days).toMillis();
    }
    String status = str(session, "payment_status");
    if (!PAID.contains(status)) {
      notes.add(what + " wait for the payment (payment_status " + shown(session.get("payment_status"))
          + "): checkout.session.async_payment_succeeded grants them");
      return null;
    }
    String customer = idOf(session, "customer");
    if (id == null || (account == null && customer == null)) {
      notes.add(what + " not granted: the session names no account (client_reference_id or metadata.userId)"
          + (id == null ? " and has no id" : " and no customer"));
      return null;
    }
    return new CreditPurchase(id, customer, account, units, expiresAt, created);
  }

  /** A metadata value that is a whole number from 1 to {@code max}, else null. */
  private static Long whole(JsonElement value, long max) {
    if (value == null || !value.isJsonPrimitive()) {
      return null;
    }
    String s = value.getAsString();
    if (!WHOLE.matcher(s).matches()) {
      return null;
    }
    long n = Long.parseLong(s);
    return n >= 1 && n <= max ? n : null;
  }

  /** A value as the log shows it: as JSON (so quoted, control characters escaped), at most 40 characters. */
  private static String shown(JsonElement value) {
    String s = value == null ? "null" : value.toString();
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
