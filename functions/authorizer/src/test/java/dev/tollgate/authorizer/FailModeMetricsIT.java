package dev.tollgate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.GatingConfig;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.testing.TestRedis;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The authorizer's fail-mode metrics go through the sink its wiring is given (stdout only on
 * Lambda, where the wiring chooses it): with Redis unreachable, fail open writes one
 * AuthorizerFailOpen line there and fail closed one AuthorizerFailClosed line, and nothing is
 * printed behind the sink's back.
 */
class FailModeMetricsIT {

  @Test
  void failOpenAndFailClosedAreCountedThroughTheInjectedSink() throws Exception {
    for (String mode : new String[] {"open", "closed"}) {
      GatingConfig config = AuthorizerRig.config(5, mode, "100ms", "100ms");
      List<String> lines = new CopyOnWriteArrayList<>();
      PrintStream before = System.out;
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      try (UnifiedJedis down = RedisConnector.connect("redis://127.0.0.1:" + TestRedis.freePort(), null,
          config.redis())) {
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        UsageAuthorizerHandler h = AuthorizerWiring.of(config, down, Map.of("JWT_SECRET", AuthorizerRig.SECRET),
            lines::add).handler(Clock.systemUTC());
        if (mode.equals("open")) {
          assertThat(AuthorizerRig.failedOpen(h.handleRequest(AuthorizerRig.event(AuthorizerRig.token("fm-user")), null)))
              .isTrue();
        } else {
          assertThatThrownBy(() -> h.handleRequest(AuthorizerRig.event(AuthorizerRig.token("fm-user")), null))
              .isInstanceOf(UsageAuthorizerHandler.GateUnavailableException.class);
        }
      } finally {
        System.setOut(before);
      }
      String metric = mode.equals("open") ? "AuthorizerFailOpen" : "AuthorizerFailClosed";
      assertThat(lines).as(mode).hasSize(1).first().asString().contains("\"" + metric + "\":1");
      assertThat(printed.toString(StandardCharsets.UTF_8)).as("nothing printed around the sink").doesNotContain(metric);
    }
  }
}
