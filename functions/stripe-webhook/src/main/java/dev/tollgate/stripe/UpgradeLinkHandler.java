package dev.tollgate.stripe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.stripe.exception.StripeException;
import dev.tollgate.checkout.BillingAccount;
import dev.tollgate.checkout.BillingAccounts;
import dev.tollgate.checkout.UpgradeLinks;
import dev.tollgate.checkout.UpgradeRoute;
import dev.tollgate.checkout.UpgradeStep;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code GET <checkout.linkBaseUrl>?a=&x=&s=}, the signed upgrade link of the 402 body and the
 * emails (no usage authorizer in front). A valid link answers 303 to a new Stripe Checkout
 * Session for its account, or to the Customer Portal for an account that already pays
 * ({@link UpgradeRoute}); without a Stripe key, 303 to {@code email.upgradeUrl}. A missing,
 * tampered or expired link is a 400 page; Stripe refusing or failing is a 502 page, Redis
 * failing a 503 page: nothing is changed in either case, so the same link works again.
 */
public final class UpgradeLinkHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
  private static final String HTML = "text/html; charset=utf-8";

  private final UpgradeLinks links;
  private final UpgradeRoute route;
  private final BillingAccounts accounts;
  private final StripeBillingSessions stripe;
  private final String pricingUrl;
  private final Clock clock;
  private final Consumer<String> log;

  /** Lambda's constructor: reads TOLLGATE_CONFIG, REDIS_URL, REDIS_AUTH, UNSUBSCRIBE_SECRET and STRIPE_API_KEY once per container. */
  public UpgradeLinkHandler() {
    this(CheckoutWiring.fromEnvironment(System.getenv()));
  }

  private UpgradeLinkHandler(CheckoutWiring wiring) {
    this(wiring.links(), wiring.route(), wiring.accounts(), wiring.stripe(),
        wiring.config().checkout().orElseThrow().cancelUrl(), wiring.clock(), System.out::println);
  }

  /**
   * A handler checking links with {@code links}, reading accounts from {@code accounts}, opening
   * sessions through {@code stripe} (null: no Stripe key), sending expired links' visitors to
   * {@code pricingUrl}; log lines go to {@code log}.
   */
  UpgradeLinkHandler(UpgradeLinks links, UpgradeRoute route, BillingAccounts accounts, StripeBillingSessions stripe,
      String pricingUrl, Clock clock, Consumer<String> log) {
    this.links = links;
    this.route = route;
    this.accounts = accounts;
    this.stripe = stripe;
    this.pricingUrl = pricingUrl;
    this.clock = clock;
    this.log = log;
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent request, Context context) {
    if (!"GET".equals(request.getHttpMethod())) {
      return page(405, UpgradePage.getOnly()).withHeaders(Map.of("Content-Type", HTML, "Cache-Control", "no-store",
          "Allow", "GET"));
    }
    Map<String, String> query = request.getQueryStringParameters() == null ? Map.of()
        : request.getQueryStringParameters();
    UpgradeLinks.Check check = links.check(query, clock.instant());
    switch (check.status()) {
      case INVALID -> {
        log.accept("upgrade link refused: missing or invalid signature");
        return page(400, UpgradePage.invalid());
      }
      case EXPIRED -> {
        log.accept("upgrade link refused: expired");
        return page(400, UpgradePage.expired(pricingUrl));
      }
      default -> { }
    }
    BillingAccount facts;
    try {
      // the address stored for the account (Stripe's), else the one the caller's link carries
      facts = accounts.lookup(check.account()).withEmailIfUnknown(check.email());
    } catch (RuntimeException e) {
      log.accept("upgrade link: the account could not be read (" + e + ")");
      return page(503, UpgradePage.unavailable());
    }
    UpgradeStep step = route.decide(check.account(), facts, stripe != null, clock.instant());
    try {
      if (step instanceof UpgradeStep.Checkout c) {
        return see(stripe.checkout(c, check.account().value()));
      }
      if (step instanceof UpgradeStep.Portal p) {
        return see(stripe.portal(p));
      }
      if (step instanceof UpgradeStep.Redirect r) {
        return see(r.url());
      }
      if (step instanceof UpgradeStep.AlreadyPaid a) {
        return page(200, UpgradePage.alreadyPaid(a.plan()));
      }
      log.accept("upgrade link: " + ((UpgradeStep.Unavailable) step).why());
      return page(503, UpgradePage.unavailable());
    } catch (StripeException e) {
      log.accept("upgrade link: Stripe refused or failed (" + e.getStatusCode() + " " + e.getMessage() + ", request "
          + e.getRequestId() + ")");
      return page(502, UpgradePage.stripeFailed());
    }
  }

  private static APIGatewayProxyResponseEvent see(String location) {
    return new APIGatewayProxyResponseEvent().withStatusCode(303)
        .withHeaders(Map.of("Location", location, "Cache-Control", "no-store")).withBody("");
  }

  private static APIGatewayProxyResponseEvent page(int status, String html) {
    return new APIGatewayProxyResponseEvent().withStatusCode(status)
        .withHeaders(Map.of("Content-Type", HTML, "Cache-Control", "no-store")).withBody(html);
  }
}
