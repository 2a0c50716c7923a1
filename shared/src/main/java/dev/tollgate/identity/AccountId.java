package dev.tollgate.identity;

/**
 * The unit that owns a plan, usage windows, features, credits and the Stripe link: a team or
 * organisation ({@code identity.accountClaim}, or an API key's account), or else the user
 * alone (a personal account).
 *
 * <p>The two kinds never collide: {@link #value()} is {@code @<org>} for an organisation and
 * the user id for a personal account, with a user id that itself starts with {@code @} or
 * {@code \} escaped by a leading {@code \}. {@link #value()} is what operators type
 * ({@code usage show @acme}), what keys are tagged with and what {@code client_reference_id}
 * carries; {@link #parse} reads it back.
 */
public record AccountId(String value) {
  private static final char ORG = '@';
  private static final char ESCAPE = '\\';

  /** Validates {@code value} as an id (see {@link UserId}); an organisation's name is not empty. */
  public AccountId {
    String why = UserId.problem(value);
    if (why == null && value.equals(String.valueOf(ORG))) {
      why = "an organisation without a name";
    }
    if (why != null) {
      throw new IllegalArgumentException("not a usable account id: " + why);
    }
  }

  /** The personal account of {@code user}. */
  public static AccountId personal(UserId user) {
    return new AccountId(personalValue(user.value()));
  }

  /** The {@link #value()} of the personal account of the user {@code userId}, checked or not. */
  public static String personalValue(String userId) {
    char c = userId.isEmpty() ? 0 : userId.charAt(0);
    return c == ORG || c == ESCAPE ? ESCAPE + userId : userId;
  }

  /** The account of organisation {@code org} (a claim value or an API key's account). */
  public static AccountId organisation(String org) {
    return new AccountId(ORG + UserId.of(org).value());
  }

  /** Reads an account id in its {@link #value()} form (as typed by operators or carried by Stripe). */
  public static AccountId parse(String value) {
    return new AccountId(value);
  }

  /** Whether this is an organisation's account (else a user's own). */
  public boolean isOrganisation() {
    return value.charAt(0) == ORG;
  }

  /** The user of a personal account, or null for an organisation. */
  public UserId personalUser() {
    if (isOrganisation()) {
      return null;
    }
    return UserId.of(value.charAt(0) == ESCAPE ? value.substring(1) : value);
  }

  @Override
  public String toString() {
    return value;
  }
}
