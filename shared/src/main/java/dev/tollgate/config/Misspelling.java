package dev.tollgate.config;

/** Whether an unknown config key is likely a misspelling of an expected one, so the error can name both. */
final class Misspelling {
  private Misspelling() {}

  /** Same letters but case, or at most two edits apart (Levenshtein). */
  static boolean similar(String a, String b) {
    if (a.equalsIgnoreCase(b)) {
      return true;
    }
    if (Math.abs(a.length() - b.length()) > 2) {
      return false;
    }
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()] <= 2;
  }
}
