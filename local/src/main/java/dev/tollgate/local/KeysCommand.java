package dev.tollgate.local;

import com.google.gson.JsonObject;
import dev.tollgate.admin.AdminRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tollgate keys}: issue and revoke API keys (identity type apiKey). */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Issues and revokes API keys.",
    subcommands = {KeysCommand.Create.class, KeysCommand.Revoke.class})
final class KeysCommand extends CommandGroup {

  /** {@code keys create}. */
  @Command(name = "create", mixinStandardHelpOptions = true, description = {"Issues an API key for a user.",
      "Prints it once: only its hash is stored. With --account @org the key's calls draw on the organisation's account."})
  static final class Create implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--user", required = true, paramLabel = "ID", description = "user id the key identifies")
    String user;

    @Option(names = "--email", paramLabel = "ADDRESS", description = "the user's email (for upgrade emails)")
    String email;

    @Option(names = "--account", paramLabel = "@ORG", description = "the organisation whose account the key's calls "
        + "draw on (default: the user's own account)")
    String account;

    @Override
    public Integer call() {
      CommandGroup.checkUser(spec, "--user", user);
      CommandGroup.checkEmail(spec, "--email", email);
      Map<String, String> p = new LinkedHashMap<>();
      p.put("user", user);
      p.put("email", email);
      p.put("account", account);
      JsonObject r = AdminCalls.run(spec, common, AdminRequest.Action.KEYS_CREATE, p);
      spec.commandLine().getOut().println(r.get("key").getAsString());
      return 0;
    }
  }

  /** {@code keys revoke}. */
  @Command(name = "revoke", mixinStandardHelpOptions = true, description = {"Revokes an API key.",
      "Given as the key or its SHA-256 hex. Exit 1 when no such key exists."})
  static final class Revoke implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "KEY_OR_HASH", description = "the API key, or its SHA-256 hex")
    String key;

    @Override
    public Integer call() {
      JsonObject r = AdminCalls.run(spec, common, AdminRequest.Action.KEYS_REVOKE, Map.of("key", key));
      if (r.get("revoked").getAsBoolean()) {
        spec.commandLine().getOut().println("revoked (authorizers stop accepting it within their key cache TTL)");
        return 0;
      }
      spec.commandLine().getErr().println(TollgateCli.prefix(spec) + "no such key");
      return 1;
    }
  }
}
