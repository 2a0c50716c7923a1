package dev.tollgate.identity;

/**
 * The credential store could not answer (e.g. Redis down while looking up an API key not in
 * the container's cache). Not a verdict on the credentials: the authorizer answers 503.
 */
public final class IdentityUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The store failed with {@code cause}. */
  public IdentityUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
