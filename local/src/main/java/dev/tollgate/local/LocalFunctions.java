package dev.tollgate.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.tollgate.admin.AdminHandler;
import dev.tollgate.admin.AdminOperations;
import dev.tollgate.admin.AdminWiring;
import dev.tollgate.authorizer.AuthorizerRequestEvent;
import dev.tollgate.authorizer.AuthorizerWiring;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.dispatch.DispatchWiring;
import dev.tollgate.meter.MeterEventSender;
import dev.tollgate.stripe.CheckoutWiring;
import dev.tollgate.stripe.ReporterWiring;
import dev.tollgate.stripe.StripeWebhookHandler;
import dev.tollgate.stripe.UpgradeLinkHandler;
import dev.tollgate.stripe.UsageReporterHandler;
import dev.tollgate.stripe.WebhookWiring;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import redis.clients.jedis.UnifiedJedis;

/**
 * The functions of template.yaml as the local stack runs them: the deployed handler classes,
 * wired to the stack's Redis, config and environment as the functions wire themselves in
 * AWS (the authorizer and admin function through their own wiring classes).
 */
final class LocalFunctions {
  private final LocalStack.Options options;
  private final UnifiedJedis redis;
  private final Clock clock;
  private final Consumer<String> metrics;

  private LocalFunctions(LocalStack.Options options, UnifiedJedis redis, Clock clock, Consumer<String> metrics) {
    this.options = options;
    this.redis = redis;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * Logical id → function, in the template's order; dispatcher and unsubscribe only with an email
   * section, the upgrade link only with a checkout section.
   */
  static Map<String, LambdaFunction<?, ?>> of(LocalStack.Options options, UnifiedJedis redis, Clock clock) {
    // the stack drops the EMF lines of the dispatcher and webhook: the timer prints a summary when a run sent anything
    return of(options, redis, clock, line -> { });
  }

  /**
   * As {@link #of(LocalStack.Options, UnifiedJedis, Clock)}, the dispatcher's and webhook's CloudWatch
   * EMF lines going to {@code metrics}.
   */
  static Map<String, LambdaFunction<?, ?>> of(LocalStack.Options options, UnifiedJedis redis, Clock clock,
      Consumer<String> metrics) {
    return new LocalFunctions(options, redis, clock, metrics).all();
  }

  private Map<String, LambdaFunction<?, ?>> all() {
    Map<String, LambdaFunction<?, ?>> functions = new LinkedHashMap<>();
    AuthorizerWiring gate = AuthorizerWiring.of(options.config(), redis, options.env(), metrics);
    functions.put(LocalStack.AUTHORIZER, LambdaFunction.of(LocalStack.AUTHORIZER, AuthorizerRequestEvent.class,
        gate.handler(clock)));
    functions.put(LocalStack.USAGE, LambdaFunction.of(LocalStack.USAGE, APIGatewayProxyRequestEvent.class,
        gate.usageHandler(clock)));
    functions.put(LocalStack.WEBHOOK, LambdaFunction.of(LocalStack.WEBHOOK, APIGatewayProxyRequestEvent.class,
        webhook()));
    // the scheduled function runs with or without an email section: follow-ups and events need it
    DispatchWiring dispatch = DispatchWiring.of(options.config(), redis, options.env());
    functions.put(LocalStack.DISPATCHER, LambdaFunction.of(LocalStack.DISPATCHER, ScheduledEvent.class,
        dispatch.dispatchHandler(DispatchWiring.sender(options.env(), options.outbox()),
            new dev.tollgate.events.FileEventSink(options.outbox().resolve("events"), "default"), clock,
            metrics)));
    if (dispatch.sendsEmail()) {
      functions.put(LocalStack.UNSUBSCRIBE, LambdaFunction.of(LocalStack.UNSUBSCRIBE, APIGatewayProxyRequestEvent.class,
          dispatch.unsubscribeHandler(clock)));
    }
    if (options.config().checkout().isPresent()) {
      functions.put(LocalStack.UPGRADE_LINK, LambdaFunction.of(LocalStack.UPGRADE_LINK,
          APIGatewayProxyRequestEvent.class, upgradeLink()));
    }
    functions.put(LocalStack.REPORTER, LambdaFunction.of(LocalStack.REPORTER, ScheduledEvent.class, reporter()));
    AdminOperations admin = AdminWiring.of(options.config(), redis, options.env(),
        options.env().get(LocalStack.STRIPE_API_BASE_ENV), clock);
    functions.put(LocalStack.ADMIN, LambdaFunction.ofStream(LocalStack.ADMIN, new AdminHandler(() -> admin, null)));
    return functions;
  }

  /** Overage to Stripe meters when STRIPE_API_KEY is set, else into {@code <outbox>/meter-events}; its EMF line is dropped. */
  private UsageReporterHandler reporter() {
    MeterEventSender sender = ReporterWiring.sender(options.env(), options.outbox(),
        options.env().get(LocalStack.STRIPE_API_BASE_ENV));
    return new UsageReporterHandler(ReporterWiring.reporter(redis, sender, clock), clock, line -> { });
  }

  /** Checkout and Portal sessions through Stripe when STRIPE_API_KEY is set, else redirects to email.upgradeUrl. */
  private UpgradeLinkHandler upgradeLink() {
    return CheckoutWiring.of(options.config(), redis, options.env(), options.env().get(LocalStack.STRIPE_API_BASE_ENV),
        clock).handler(System.out::println);
  }

  private StripeWebhookHandler webhook() {
    GatingConfig config = options.config();
    List<String> secrets = StripeWebhookHandler.secretsFrom(options.env().get(DevDefaults.WEBHOOK_SECRET_ENV));
    return WebhookWiring.of(config, redis, clock, metrics).handler(secrets, System.out::println);
  }
}
