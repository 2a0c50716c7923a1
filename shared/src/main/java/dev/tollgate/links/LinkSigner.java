package dev.tollgate.links;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC behind every signed link (unsubscribe, upgrade): base64url (no padding) of
 * HMAC-SHA256(secret, {@code "tollgate-" + purpose + ":" + payload}). The purpose keeps the
 * kinds apart, so one secret may sign several kinds and a signature of one never verifies as
 * another.
 */
public final class LinkSigner {
  /** The environment variable holding the key every signed link (unsubscribe, upgrade) is made with. */
  public static final String SECRET_ENV = "UNSUBSCRIBE_SECRET";

  private final SecretKeySpec key;
  private final String prefix;

  /**
   * Signatures for {@code purpose} with {@code secret} (at least 16 characters), which comes from
   * {@code secretEnv} (named in the error when it is missing or short).
   */
  public LinkSigner(String purpose, String secret, String secretEnv) {
    if (secret == null || secret.length() < 16) {
      throw new IllegalArgumentException(secretEnv + " must be set to a random secret of at least 16 characters");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.prefix = "tollgate-" + purpose + ":";
  }

  /** The signature of {@code payload}. */
  public String sign(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] sig = mac.doFinal((prefix + payload).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Whether {@code sig} is {@code payload}'s signature (constant-time comparison). */
  public boolean verify(String payload, String sig) {
    if (payload == null || sig == null) {
      return false;
    }
    // compare the canonical text, not decoded bytes: base64 decoders ignore the last character's
    // spare bits, so a decoded comparison would accept altered links
    return MessageDigest.isEqual(sign(payload).getBytes(StandardCharsets.US_ASCII), sig.getBytes(StandardCharsets.UTF_8));
  }
}
