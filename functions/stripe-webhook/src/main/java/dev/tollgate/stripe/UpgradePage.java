package dev.tollgate.stripe;

import dev.tollgate.email.EmailRenderer;

/** The small HTML pages of the upgrade link (everything that is not a redirect). */
final class UpgradePage {
  private UpgradePage() {}

  /** A link that is incomplete or was altered. */
  static String invalid() {
    return page("Invalid upgrade link", "<h1>This upgrade link is invalid</h1><p>It is incomplete or was changed. "
        + "Use the upgrade link from your latest email or API response.</p>");
  }

  /** A request other than GET (the link is for browsers). */
  static String getOnly() {
    return page("Open in a browser", "<h1>Open this upgrade link in a browser</h1><p>It only answers GET.</p>");
  }

  /** A genuine link past its expiry; {@code pricingUrl} (checkout.cancelUrl) still works. */
  static String expired(String pricingUrl) {
    return page("Upgrade link expired", "<h1>This upgrade link has expired</h1><p>Upgrade links are valid for a "
        + "limited time. Your next API response past the limit carries a fresh one, or see <a href=\""
        + EmailRenderer.escapeHtml(pricingUrl) + "\">our plans</a>.</p>");
  }

  /** An account that already pays and has no Stripe customer to manage (a plan set by hand). */
  static String alreadyPaid(String plan) {
    return page("Already upgraded", "<h1>You're already on the " + EmailRenderer.escapeHtml(plan) + " plan</h1>"
        + "<p>There is nothing to upgrade.</p>");
  }

  /** Stripe could not open the session (nothing was charged or changed). */
  static String stripeFailed() {
    return page("Upgrade unavailable", "<h1>We couldn't reach our payment provider</h1><p>Nothing was charged or "
        + "changed. Please try the same link again in a minute.</p>");
  }

  /** Tollgate itself cannot serve the link now ({@code why} is for the log, not the page). */
  static String unavailable() {
    return page("Upgrade unavailable", "<h1>Upgrading is unavailable right now</h1><p>Nothing was charged or changed. "
        + "Please try the same link again later.</p>");
  }

  private static String page(String title, String body) {
    return "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">"
        + "<title>" + title + "</title></head><body>" + body + "</body></html>";
  }
}
