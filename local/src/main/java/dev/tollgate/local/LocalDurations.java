package dev.tollgate.local;

import dev.tollgate.config.ConfigException;
import dev.tollgate.config.Durations;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Duration flags ({@code 30s}, {@code 1m}, {@code 3d}) with usage errors that name the flag. */
final class LocalDurations {
  private LocalDurations() {}

  /** {@code text} as a positive duration, or a usage error naming {@code flag}. */
  static Duration parse(CommandSpec spec, String flag, String text) {
    Duration d;
    try {
      d = Durations.parse(flag, text);
    } catch (ConfigException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (d.isZero()) {
      throw new CommandLine.ParameterException(spec.commandLine(), flag + " must be more than 0");
    }
    return d;
  }
}
