package dev.tollgate.usage;

/**
 * What a follow-up event needs to know about the call that caused it, beyond the account and
 * user: the caller's email address (null when unknown) and the experiment arm the account was
 * shown (null when none). Carried through the decision script as one opaque text.
 */
public record EventMeta(String email, String arm) {
  private static final char SEP = '\u001f';
  /** Nothing known. */
  public static final EventMeta NONE = new EventMeta(null, null);

  /** The text form (no tabs, line breaks or other control characters survive). */
  public String encode() {
    if (email == null && arm == null) {
      return "";
    }
    return clean(email) + SEP + clean(arm);
  }

  /** Reads {@link #encode()}'s text. */
  public static EventMeta decode(String text) {
    if (text == null || text.isEmpty()) {
      return NONE;
    }
    int i = text.indexOf(SEP);
    String e = i < 0 ? text : text.substring(0, i);
    String a = i < 0 ? "" : text.substring(i + 1);
    return new EventMeta(e.isEmpty() ? null : e, a.isEmpty() ? null : a);
  }

  private static String clean(String s) {
    if (s == null) {
      return "";
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < 0x20 || s.charAt(i) == 0x7f) {
        return "";
      }
    }
    return s;
  }
}
