package dev.tollgate.local;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tollgate}: the local stack and the operator commands. Exit codes: 0 done, 1 the
 * command failed at run time (Redis down, bad config, ...), 2 bad usage (unknown command or
 * flag, missing argument).
 */
@Command(name = "tollgate", mixinStandardHelpOptions = true, version = "tollgate 0.1.0",
    description = "Freemium gating for Stripe-billed APIs: local stack and operator commands.",
    subcommands = {LocalCommand.class, TokenCommand.class, KeysCommand.class, UsageCommand.class, PlanCommand.class,
        ReportCommand.class, ReconcileCommand.class, StripeCommand.class, CreditsCommand.class, CommandLine.HelpCommand.class})
public final class TollgateCli implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: run 'tollgate --help' to see them");
  }

  /** Runs the CLI and exits with its code. */
  public static void main(String[] args) {
    // the JDK HttpServer writes a response's head and body as two segments; without TCP_NODELAY a
    // client that delays its ACK (the JDK's HttpClient does) waits ~40 ms per call (bench/README)
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the CLI writing to {@code out}/{@code err}; returns the exit code. */
  static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new TollgateCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(UsageErrors::handle);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println(prefix(cmd.getCommandSpec()) + Redaction.redact(message(e)));
      if (System.getenv("TOLLGATE_DEBUG") != null) {
        e.printStackTrace(cmd.getErr());
      }
      return CommandLine.ExitCode.SOFTWARE;
    });
    return cli.execute(args);
  }

  /** How an error of {@code spec} starts: its full name, e.g. {@code tollgate usage show: }. */
  static String prefix(CommandSpec spec) {
    return spec.qualifiedName() + ": ";
  }

  private static String message(Throwable e) {
    StringBuilder b = new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    Throwable c = e.getCause();
    if (c != null && c.getMessage() != null && !b.toString().contains(c.getMessage())) {
      b.append(" (").append(c.getMessage()).append(')');
    }
    return b.toString();
  }
}
