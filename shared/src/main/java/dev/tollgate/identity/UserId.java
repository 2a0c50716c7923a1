package dev.tollgate.identity;

import java.nio.charset.StandardCharsets;

/**
 * A caller's user id, validated once where it enters (a token, an API key record, an operator
 * command): non-empty, at most {@link #MAX_BYTES} bytes of UTF-8, no control characters and
 * no braces — so it can never move a Redis Cluster hash tag or split a stored record.
 */
public record UserId(String value) {
  /** Longest id accepted, in bytes of UTF-8. */
  public static final int MAX_BYTES = 256;

  /** Validates {@code value}; throws {@link IllegalArgumentException} saying why it is refused. */
  public UserId {
    String why = problem(value);
    if (why != null) {
      throw new IllegalArgumentException("not a usable id: " + why);
    }
  }

  /** A user id, or an {@link IllegalArgumentException} saying why {@code value} is not one. */
  public static UserId of(String value) {
    return new UserId(value);
  }

  /** Whether {@code value} would be accepted. */
  public static boolean isValid(String value) {
    return problem(value) == null;
  }

  /** Why {@code value} cannot be an id (user, account or Stripe object), or null when it can. */
  static String problem(String value) {
    if (value == null || value.isEmpty()) {
      return "empty";
    }
    if (value.length() > MAX_BYTES) {
      return "longer than " + MAX_BYTES + " bytes";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return "control character at " + i;
      }
      if (c == '{' || c == '}') {
        return "brace at " + i;
      }
    }
    if (value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return "longer than " + MAX_BYTES + " bytes";
    }
    return null;
  }

  @Override
  public String toString() {
    return value;
  }
}
