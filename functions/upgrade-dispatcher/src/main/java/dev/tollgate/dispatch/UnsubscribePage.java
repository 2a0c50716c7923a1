package dev.tollgate.dispatch;

import dev.tollgate.email.EmailRenderer;
import dev.tollgate.email.UnsubscribeLinks;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The two small HTML pages of the unsubscribe link. */
final class UnsubscribePage {
  private UnsubscribePage() {}

  /**
   * The page a GET shows: a button that POSTs the one-click body back to the same signed link (a
   * query-only action, so the stage or base path in front of the route stays as it is). Mail
   * scanners and link previews fetch links; only the button (or a mail client's one-click POST)
   * unsubscribes.
   */
  static String confirm(String userId, String signature) {
    String action = "?" + UnsubscribeLinks.USER_PARAM + "=" + URLEncoder.encode(userId, StandardCharsets.UTF_8) + "&"
        + UnsubscribeLinks.SIG_PARAM + "=" + URLEncoder.encode(signature, StandardCharsets.UTF_8);
    return page("Unsubscribe", "<h1>Stop upgrade emails?</h1><p>We will no longer send upgrade emails to "
        + EmailRenderer.escapeHtml(userId) + ".</p><form method=\"post\" action=\"" + EmailRenderer.escapeHtml(action)
        + "\"><input type=\"hidden\" name=\"" + OneClickBody.KEY + "\" value=\"" + OneClickBody.VALUE + "\">"
        + "<button type=\"submit\">Unsubscribe</button></form>");
  }

  /** The page a one-click POST answers. */
  static String done(String userId) {
    return page("Unsubscribed", "<h1>You're unsubscribed</h1><p>We won't send upgrade emails to "
        + EmailRenderer.escapeHtml(userId) + " any more.</p>");
  }

  private static String page(String title, String body) {
    return "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">"
        + "<title>" + title + "</title></head><body>" + body + "</body></html>";
  }
}
