package dev.tollgate.admin;

/**
 * A request the admin function refuses as the caller's mistake (unknown action, missing or
 * malformed parameter, a plan or loop the config does not have). The function answers it as
 * {@code {"ok": false, "error": "bad_request", "message": ...}}, not as a function error, and
 * the CLI exits 2 with the message.
 */
public final class AdminException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A refusal saying what is wrong, naming the parameter. */
  public AdminException(String message) {
    super(message);
  }
}
