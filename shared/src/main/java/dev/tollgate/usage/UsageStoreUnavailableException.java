package dev.tollgate.usage;

/** The usage store could not answer in time (down, refusing, or slower than its timeout). */
public final class UsageStoreUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The store failed with {@code cause}. */
  public UsageStoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
