package dev.tollgate.secrets;

/** A secret could not be read (store down, no permission, unknown id, malformed value). Never carries a value. */
public final class SecretUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why, without the secret's value. */
  public SecretUnavailableException(String message) {
    super(message);
  }

  /** Why, with a cause whose message carries no secret value. */
  public SecretUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
