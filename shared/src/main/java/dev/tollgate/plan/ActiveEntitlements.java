package dev.tollgate.plan;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Stripe customer's active entitlements as one {@code entitlements.active_entitlement_summary}
 * (or one read of {@code GET /v1/entitlements/active_entitlements}) tells them: the features'
 * {@code lookup_key}s, each one the decision can store (see {@link #storable}).
 *
 * <p>Stripe puts only the first page of the list into the event; when it says {@code has_more}
 * the summary is not {@link #complete}: it proves the keys it lists are active, but not that
 * the others are not. A customer keeps its latest complete and its latest partial summary
 * ({@link #effective}), so no arrival order matters and a partial one never removes a feature.
 *
 * @param customerId the Stripe customer
 * @param lookupKeys the active features' lookup keys, sorted and distinct
 * @param complete whether the list is the whole list (no {@code has_more})
 * @param observedAt the event's {@code created} (or the time of the API read), epoch ms
 */
public record ActiveEntitlements(String customerId, List<String> lookupKeys, boolean complete, long observedAt)
    implements StripeChange {
  /** The longest lookup key Stripe allows, and so the longest one kept. */
  public static final int MAX_LOOKUP_KEY = 80;

  /** Sorts and de-duplicates the keys. */
  public ActiveEntitlements {
    lookupKeys = List.copyOf(new TreeSet<>(lookupKeys));
  }

  /**
   * Null when {@code lookupKey} can be kept in the account's {@code ent} field (",a,b,"),
   * else why not: empty, a comma (the separator), a control character, or longer than
   * {@value #MAX_LOOKUP_KEY} characters.
   */
  public static String storable(String lookupKey) {
    if (lookupKey.isEmpty()) {
      return "empty";
    }
    if (lookupKey.codePointCount(0, lookupKey.length()) > MAX_LOOKUP_KEY) {
      return "longer than " + MAX_LOOKUP_KEY + " characters";
    }
    if (lookupKey.indexOf(',') >= 0) {
      return "contains a comma";
    }
    if (lookupKey.codePoints().anyMatch(Character::isISOControl)) {
      return "contains a control character";
    }
    return null;
  }

  /**
   * The key that orders two summaries of a customer: later {@code observedAt} wins, then the
   * content (so two summaries of one millisecond pick the same one in any arrival order).
   */
  public String orderKey() {
    return String.format("%015d|%s", observedAt, String.join(",", lookupKeys));
  }

  /**
   * The features a customer has, from its latest complete and latest partial summary (either
   * may be null): the complete one's when it is the newer, else the partial one's added to it.
   */
  public static Set<String> effective(ActiveEntitlements complete, ActiveEntitlements partial) {
    Set<String> keys = new TreeSet<>();
    if (complete != null) {
      keys.addAll(complete.lookupKeys());
    }
    if (partial != null && (complete == null || partial.orderKey().compareTo(complete.orderKey()) >= 0)) {
      keys.addAll(partial.lookupKeys());
    }
    return keys;
  }

  @Override
  public Optional<String> accountId() {
    return Optional.empty();
  }

  @Override
  public <R> R match(Cases<R> cases) {
    return cases.entitlements(this);
  }
}
