package dev.tollgate.local;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How a usage error is reported (exit 2): prefixed with the command's full name
 * ({@code tollgate usage show: ...}), naming any unknown option first (a misspelt
 * {@code --usr} is the cause of the missing {@code --user} picocli would report alone), with
 * picocli's suggestions and the command's usage.
 */
final class UsageErrors {
  private UsageErrors() {}

  /** picocli's parameter-exception hook. */
  static int handle(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    List<String> unknown = unknownOptions(cmd);
    String message = ex.getMessage();
    if (!(ex instanceof UnmatchedArgumentException) && !unknown.isEmpty()) {
      message = "Unknown option" + (unknown.size() == 1 ? "" : "s") + ": '" + String.join("', '", unknown) + "' ("
          + message + ")";
    }
    err.println(TollgateCli.prefix(cmd.getCommandSpec()) + Redaction.redact(message));
    if (!UnmatchedArgumentException.printSuggestions(ex, err)) {
      err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for its options.");
    }
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** Arguments of {@code cmd} that look like options but are none of its own. */
  private static List<String> unknownOptions(CommandLine cmd) {
    CommandLine.ParseResult parsed = cmd.getParseResult();
    List<String> unmatched = parsed == null ? List.of() : parsed.unmatched();
    return unmatched.stream().filter(a -> a.startsWith("-") && a.length() > 1).map(a -> a.contains("=")
        ? a.substring(0, a.indexOf('=')) : a).toList();
  }
}
