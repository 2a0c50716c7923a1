package dev.tollgate.identity;

/**
 * Missing, malformed, expired or forged credentials. The message says why in words safe to
 * log: it never contains the token or key itself. The authorizer answers 401.
 */
public final class InvalidCredentialsException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Credentials refused for {@code reason} (no secret material in it). */
  public InvalidCredentialsException(String reason) {
    super(reason, null, false, false);
  }
}
