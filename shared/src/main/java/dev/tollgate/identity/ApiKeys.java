package dev.tollgate.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API key format: {@code tg_} followed by 32 random bytes in unpadded base64url (43 chars).
 * Keys are shown once when issued; only their SHA-256 (hex) is ever stored, so a leaked
 * store does not leak usable keys. A SHA-256 of 256 random bits needs no salt or slow hash.
 */
public final class ApiKeys {
  /** Prefix of every key (lets secret scanners and people recognise one). */
  public static final String PREFIX = "tg_";
  /** Random bytes in a key. */
  public static final int RANDOM_BYTES = 32;
  /** Length of a key in characters. */
  public static final int KEY_LENGTH = PREFIX.length() + 43;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private ApiKeys() {}

  /** A new random key. */
  public static String generate() {
    return generate(RANDOM);
  }

  /** A new key from {@code random}. */
  public static String generate(SecureRandom random) {
    byte[] bytes = new byte[RANDOM_BYTES];
    random.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Whether {@code key} has the shape of a key this class generates (cheap; no lookup). */
  public static boolean wellFormed(String key) {
    if (key == null || key.length() != KEY_LENGTH || !key.startsWith(PREFIX)) {
      return false;
    }
    for (int i = PREFIX.length(); i < KEY_LENGTH; i++) {
      char c = key.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** SHA-256 of the key's UTF-8 bytes, as 64 lower-case hex digits. */
  public static String sha256Hex(String key) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Whether {@code s} is a SHA-256 hex digest as {@link #sha256Hex} writes it. */
  public static boolean isHash(String s) {
    if (s == null || s.length() != 64) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** The hash of a plain key, or a hash given as is. */
  public static String hashOf(String keyOrHash) {
    if (wellFormed(keyOrHash)) {
      return sha256Hex(keyOrHash);
    }
    if (isHash(keyOrHash)) {
      return keyOrHash;
    }
    throw new IllegalArgumentException("not an API key (tg_...) nor a 64-hex-digit key hash");
  }

  /** {@code userId} if it may own keys; else an exception saying what is wrong with it. */
  public static String requireUserId(String userId) {
    if (!UserId.isValid(userId)) {
      throw new IllegalArgumentException("user id must be 1-" + UserId.MAX_BYTES
          + " bytes with no braces or control characters");
    }
    return userId;
  }
}
