package dev.tollgate.local;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.google.gson.JsonObject;
import dev.tollgate.authorizer.AuthorizerRequestEvent;
import dev.tollgate.authorizer.AuthorizerWiring;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.dispatch.DispatchWiring;
import dev.tollgate.email.EmailSender;
import dev.tollgate.events.FileEventSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/**
 * The deployed authorizer and scheduled function over one Redis, through their own wiring and
 * Lambda's event serialization, for tests that follow a call from the gate to the funnel.
 */
final class DeployedRig {
  static final Path EVENTS = Path.of("..", "events");

  private DeployedRig() {}

  /** The authorizer for {@code config} on {@code redis}, verifying the local stack's dev JWT secret. */
  static LambdaFunction<AuthorizerRequestEvent, ?> authorizer(GatingConfig config, UnifiedJedis redis) {
    return LambdaFunction.of("AuthorizerFunction", AuthorizerRequestEvent.class,
        AuthorizerWiring.of(config, redis, Map.of("JWT_SECRET", DevDefaults.JWT_SECRET), l -> { })
            .handler(Clock.systemUTC()));
  }

  /** {@code events/authorizer/allowed.json} with {@code token}, through {@code authorizer}: the policy as JSON text. */
  static String call(LambdaFunction<AuthorizerRequestEvent, ?> authorizer, String token) throws Exception {
    JsonObject event = Json.object(Files.readString(EVENTS.resolve("authorizer/allowed.json")));
    event.getAsJsonObject("headers").addProperty("Authorization", "Bearer " + token);
    event.getAsJsonObject("multiValueHeaders").add("Authorization", Json.GSON.toJsonTree(new String[] {"Bearer " + token}));
    return new String(authorizer.invoke(Json.GSON.toJson(event).getBytes(StandardCharsets.UTF_8), null),
        StandardCharsets.UTF_8);
  }

  /** One scheduled run of {@code wiring}'s handler (events to {@code outbox/events}); its summary as JSON text. */
  static String scheduledRun(DispatchWiring wiring, EmailSender sender, Path outbox) throws Exception {
    LambdaFunction<ScheduledEvent, ?> scheduled = LambdaFunction.of("UpgradeDispatcherFunction", ScheduledEvent.class,
        wiring.dispatchHandler(sender, new FileEventSink(outbox.resolve("events"), "default"), Clock.systemUTC(),
            l -> { }));
    return new String(scheduled.invoke(Files.readAllBytes(EVENTS.resolve("upgrade-dispatcher/scheduled.json")), null),
        StandardCharsets.UTF_8);
  }
}
