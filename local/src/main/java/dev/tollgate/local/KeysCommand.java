package dev.tollgate.local;

import dev.tollgate.redis.Keys;
import dev.tollgate.redis.RedisApiKeyStore;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import redis.clients.jedis.UnifiedJedis;

/** {@code tollgate keys}: issue and revoke API keys (identity type apiKey). */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Issue and revoke API keys.",
    subcommands = {KeysCommand.Create.class, KeysCommand.Revoke.class})
final class KeysCommand extends CommandGroup {

  /** {@code keys create}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = {"Issues an API key for a user and prints it (only its hash is stored: it is shown this once).",
          "With --account @org the key's calls draw on the organisation's account."})
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
      String org = organisation();
      try (UnifiedJedis redis = common.connect(System.getenv())) {
        spec.commandLine().getOut().println(new RedisApiKeyStore(redis).create(user, email, org, Instant.now()));
      }
      return 0;
    }

    /** The organisation {@code --account} names ({@code @acme} or {@code acme}), or null. */
    private String organisation() {
      if (account == null) {
        return null;
      }
      String org = account.startsWith("@") ? account.substring(1) : account;
      if (org.startsWith("@") || org.startsWith("\\") || !Keys.checkUserId(org)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--account must name an organisation like @acme "
            + "(1-256 bytes without braces or control characters), got '" + account + "'");
      }
      return org;
    }
  }

  /** {@code keys revoke}. */
  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes an API key, given as the key or "
      + "its SHA-256 hex. Exit 1 when no such key exists.")
  static final class Revoke implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "KEY_OR_HASH", description = "the API key, or its SHA-256 hex")
    String key;

    @Override
    public Integer call() {
      try (UnifiedJedis redis = common.connect(System.getenv())) {
        if (new RedisApiKeyStore(redis).revoke(key)) {
          spec.commandLine().getOut().println("revoked (authorizers stop accepting it within their key cache TTL)");
          return 0;
        }
        spec.commandLine().getErr().println("tollgate keys revoke: no such key");
        return 1;
      }
    }
  }
}
