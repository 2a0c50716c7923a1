package dev.tollgate.config;

/**
 * A gating config that cannot be used. The message names the key path (e.g.
 * {@code loops[0].steps[0].condition.limit.paid}) and what was expected there.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String path;

  /** A mistake at {@code path}; {@code expected} says what would have been valid. */
  public ConfigException(String path, String expected) {
    super((path.isEmpty() ? "<root>" : path) + ": " + expected);
    this.path = path;
  }

  /** The key path of the mistake, in the dotted/indexed form used in messages. */
  public String path() {
    return path;
  }
}
