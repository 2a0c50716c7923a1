package dev.tollgate.meter;

import dev.tollgate.identity.AccountId;
import java.time.Instant;

/**
 * A meter event given up on: Stripe refused it every time, or a call that may have reached
 * Stripe could not be confirmed within Stripe's de-duplication window. Its units count as
 * reported (so later units go on) and are listed by {@code tollgate report}.
 *
 * @param identifier the event's identifier
 * @param account the account
 * @param meter the meter event name
 * @param customer the Stripe customer
 * @param units the units it carried
 * @param attempts calls made
 * @param error the last reason
 * @param at when it was dead-lettered
 */
public record MeterDeadLetter(String identifier, AccountId account, String meter, String customer, long units,
    int attempts, String error, Instant at) {

  /** The stored text: tab-separated fields (the error last, tabs and newlines flattened). */
  public String encode() {
    return identifier + "\t" + account.value() + "\t" + meter + "\t" + customer + "\t" + units + "\t" + attempts
        + "\t" + at.toEpochMilli() + "\t" + error.replace('\t', ' ').replace('\n', ' ');
  }

  /** Reads {@link #encode()}'s text; an {@link IllegalArgumentException} when malformed. */
  public static MeterDeadLetter decode(String text) {
    String[] f = text.split("\t", 8);
    if (f.length != 8) {
      throw new IllegalArgumentException("not a dead meter event: " + f.length + " fields");
    }
    return new MeterDeadLetter(f[0], AccountId.parse(f[1]), f[2], f[3], Long.parseLong(f[4]), Integer.parseInt(f[5]),
        f[7], Instant.ofEpochMilli(Long.parseLong(f[6])));
  }
}
