package dev.tollgate.local;

import com.google.gson.JsonObject;
import dev.tollgate.admin.AdminException;
import dev.tollgate.admin.AdminHandler;
import dev.tollgate.admin.AdminRequest;
import dev.tollgate.admin.AdminWiring;
import dev.tollgate.config.GatingConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import redis.clients.jedis.UnifiedJedis;

/**
 * How every operator command runs its action: the same {@link AdminHandler} the deployed
 * {@code AdminFunction} runs, either in this process on the selected Redis, or remotely by
 * invoking the function ({@code --remote}). Either way the answer is the function's JSON, so
 * a command prints the same thing for a local and a deployed stack.
 */
final class AdminCalls {
  private AdminCalls() {}

  /**
   * The result of {@code action} with {@code params}: a refused request (bad parameter, a
   * plan or loop the config lacks) is a usage error (exit 2) with the function's message.
   */
  static JsonObject run(CommandSpec spec, CommonOptions common, AdminRequest.Action action, Map<String, String> params) {
    common.check(spec);
    AdminRequest request;
    try {
      request = AdminRequest.of(action, params);
    } catch (AdminException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    JsonObject answer = common.remote() != null ? common.remote().call(request.toJson()) : inProcess(common, request);
    if (!answer.has("ok") || !answer.get("ok").getAsBoolean()) {
      String message = answer.has("message") ? answer.get("message").getAsString() : answer.toString();
      throw new CommandLine.ParameterException(spec.commandLine(), message);
    }
    return answer.getAsJsonObject("result");
  }

  private static JsonObject inProcess(CommonOptions common, AdminRequest request) {
    Map<String, String> env = System.getenv();
    GatingConfig cfg = common.config(env);
    try (UnifiedJedis redis = common.connect(env)) {
      AdminHandler handler = new AdminHandler(() -> AdminWiring.of(cfg, redis, env, common.stripeApiBase(),
          Clock.systemUTC()), line -> { });
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      handler.handleRequest(new ByteArrayInputStream(request.toJson().toString().getBytes(StandardCharsets.UTF_8)),
          out, new LocalContext("tollgate-cli", Duration.ofMinutes(15), Clock.systemUTC(), line -> { }));
      return Json.object(out.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
