package dev.tollgate.local;

import dev.tollgate.identity.EmailAddress;
import dev.tollgate.identity.UserId;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands: run bare, it is a usage error naming them. */
abstract class CommandGroup implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: one of "
        + String.join(", ", spec.subcommands().keySet()));
  }

  /** A usage error unless {@code user} is a valid user id ({@link UserId#isValid}). */
  static void checkUser(CommandSpec spec, String label, String user) {
    if (!UserId.isValid(user)) {
      throw new CommandLine.ParameterException(spec.commandLine(), label + " must be 1-256 bytes without braces or "
          + "control characters");
    }
  }

  /** A usage error unless {@code email} is null or one address ({@link EmailAddress}), as the authorizer accepts them. */
  static void checkEmail(CommandSpec spec, String label, String email) {
    if (email != null && !EmailAddress.isAddrSpec(email)) {
      throw new CommandLine.ParameterException(spec.commandLine(), label + " must be one address like ada@example.com "
          + "(no display name, list, spaces or quotes), got '" + email + "'");
    }
  }
}
