package dev.tollgate.plan;

import java.util.Optional;

/**
 * A statement that a Stripe customer belongs to an account: a completed Checkout Session's
 * {@code client_reference_id} (or {@code metadata.userId}), or {@code metadata.userId} on the
 * customer itself. Links are ordered so that the end state does not depend on delivery order:
 * an explicit link (checkout, a customer created or whose metadata changed) beats an implicit
 * one (a customer update that merely repeats its metadata), and among equals the later event
 * wins ({@link #orderKey}).
 *
 * @param customerId the Stripe customer
 * @param account the account (decoded {@code client_reference_id}, else {@code metadata.userId})
 * @param emailAddress the customer's email, or null
 * @param linkedAt the {@code created} time of the event, epoch ms
 * @param explicit whether the event states the link (true) or only repeats it (false: links
 *     only a customer with no explicit link)
 */
public record CustomerLink(String customerId, String account, String emailAddress, long linkedAt, boolean explicit)
    implements StripeChange {

  /** The key a link must exceed to replace the kept one; compared as strings. */
  public String orderKey() {
    return orderKey(explicit, linkedAt, account);
  }

  /**
   * The order key of a link: explicit before implicit, then time, then the account id (so two
   * links of one second pick the same account whatever the arrival order).
   */
  public static String orderKey(boolean explicit, long at, String account) {
    return String.format("%d|%015d|%s", explicit ? 1 : 0, at, account);
  }

  @Override
  public Optional<String> accountId() {
    return Optional.of(account);
  }

  @Override
  public Optional<String> email() {
    return Optional.ofNullable(emailAddress).filter(e -> !e.isBlank());
  }

  @Override
  public <R> R match(Cases<R> cases) {
    return cases.link(this);
  }
}
