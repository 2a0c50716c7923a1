package dev.tollgate.admin;

import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.EmailAddress;
import dev.tollgate.redis.Keys;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The shape of each operator parameter, checked where a request enters (the function's event,
 * the CLI's options) so both refuse the same values with the same message, naming the parameter.
 */
final class AdminParams {
  /** Report days accepted (the funnel keeps 400 days). */
  static final int MAX_DAYS = 400;
  /** Units one credit grant may carry. */
  static final long MAX_CREDITS = 1_000_000_000L;
  /** Grant ids: what Stripe ids and operators use (no separator the stored record uses). */
  static final Pattern GRANT_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

  private AdminParams() {}

  /** An {@link AdminException} unless {@code value} is a valid {@code name}. */
  static void check(String name, String value) {
    switch (name) {
      case "user", "member" -> {
        if (!Keys.checkUserId(value)) {
          throw new AdminException(name + ": 1-256 bytes without braces or control characters, got " + value);
        }
      }
      case "account" -> account(value);
      case "email" -> {
        if (!EmailAddress.isAddrSpec(value)) {
          throw new AdminException("email: one address like ada@example.com (no display name, list, spaces or quotes), "
              + "got '" + value + "'");
        }
      }
      case "until", "expires" -> instant(name, value);
      case "days" -> {
        if (!(value.matches("\\d{1,3}") && Integer.parseInt(value) >= 1 && Integer.parseInt(value) <= MAX_DAYS)) {
          throw new AdminException("days: 1.." + MAX_DAYS + " (the funnel keeps " + MAX_DAYS + " days), got " + value);
        }
      }
      case "amount" -> {
        if (!(value.matches("\\d{1,10}") && Long.parseLong(value) >= 1 && Long.parseLong(value) <= MAX_CREDITS)) {
          throw new AdminException("amount: 1.." + MAX_CREDITS + " units, got " + value);
        }
      }
      case "id" -> {
        if (!GRANT_ID.matcher(value).matches()) {
          throw new AdminException("id: 1-128 letters, digits or . _ : - (the grant's id), got '" + value + "'");
        }
      }
      case "key" -> {
        if (value.isBlank()) {
          throw new AdminException("key: the API key or its SHA-256 hex, got an empty string");
        }
      }
      default -> {
        // plan, loop, customer: checked against the config or Stripe by the operation
      }
    }
  }

  /** {@code value} as an account: {@code @org} for an organisation, else a user id (their personal account). */
  static AccountId account(String value) {
    try {
      // an organisation's name must itself be a usable id ("@" alone names nobody)
      return value.startsWith("@") ? AccountId.organisation(value.substring(1)) : AccountId.parse(value);
    } catch (IllegalArgumentException e) {
      throw new AdminException("account: @org for an organisation or a user id (1-256 bytes without braces or "
          + "control characters), got '" + value + "'");
    }
  }

  /**
   * The organisation a key's {@code account} names ({@code @acme}, or {@code acme}): keys are
   * issued for a user's own account (no account) or an organisation's.
   */
  static String organisation(String value) {
    String org = value.startsWith("@") ? value.substring(1) : value;
    if (org.startsWith("@") || org.startsWith("\\") || !Keys.checkUserId(org)) {
      throw new AdminException("account: an organisation like @acme (1-256 bytes without braces or control "
          + "characters), got '" + value + "'");
    }
    return org;
  }

  private static Instant instant(String name, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new AdminException(name + ": an ISO instant like 2026-01-31T00:00:00Z, got " + value);
    }
  }
}
