package dev.tollgate.identity;

/**
 * An authenticated caller: the user id (validated by the authenticator that made it), the
 * email address known for them ({@code null} when the credential carries none) and the
 * organisation whose account they draw on ({@code null}: their own, personal account).
 */
public record Caller(String userId, String email, String organisation) {
  /** A caller drawing on their own, personal account. */
  public Caller(String userId, String email) {
    this(userId, email, null);
  }

  /** The user id as a value. */
  public UserId user() {
    return UserId.of(userId);
  }

  /** The account this caller's calls are counted in. */
  public AccountId account() {
    return organisation == null ? AccountId.personal(user()) : AccountId.organisation(organisation);
  }
}
