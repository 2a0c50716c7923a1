package dev.tollgate.plan;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Account ids as Stripe's {@code client_reference_id} can carry them. Payment Links silently
 * drop a {@code client_reference_id} with characters other than letters, digits, {@code -}
 * and {@code _}, so ids such as {@code auth0|abc123} or emails would never link. An id made
 * only of those characters travels as it is (so links made before this codec keep working);
 * any other id travels as {@value #PREFIX} + unpadded base64url of its UTF-8 bytes, which
 * uses only those characters and decodes back exactly. An id that itself starts with the
 * prefix is encoded too, so decoding is never ambiguous for ids encoded here.
 *
 * <p>Stripe accepts at most 200 characters, so an encoded id fits for plain ids up to 200
 * characters and other ids up to 146 UTF-8 bytes; longer ones must link through
 * {@code metadata.userId} instead.
 */
public final class ClientReferenceId {
  /** Marks an encoded id. */
  public static final String PREFIX = "tg64_";
  /** The longest {@code client_reference_id} Stripe keeps. */
  public static final int MAX_LENGTH = 200;
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_-]+");

  private ClientReferenceId() {}

  /** The form of {@code accountId} that survives a Payment Link. */
  public static String encode(String accountId) {
    if (PLAIN.matcher(accountId).matches() && !accountId.startsWith(PREFIX)) {
      return accountId;
    }
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(accountId.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The account id a {@code client_reference_id} stands for: the decoded id for
   * {@value #PREFIX} + valid base64url of UTF-8 in its canonical form, else the value itself
   * (a plain id sent before encoding existed).
   */
  public static String decode(String clientReferenceId) {
    if (!clientReferenceId.startsWith(PREFIX)) {
      return clientReferenceId;
    }
    String body = clientReferenceId.substring(PREFIX.length());
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(body);
      String id = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      return encode(id).equals(clientReferenceId) ? id : clientReferenceId;
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return clientReferenceId;
    }
  }
}
