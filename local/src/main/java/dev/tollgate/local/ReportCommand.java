package dev.tollgate.local;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tollgate report}: the funnel per loop and day. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "The funnel per loop: limit reached, prompts sent, conversions, conversion rate, median time to convert.")
final class ReportCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Option(names = "--days", defaultValue = "30", description = "days back from today, UTC (default: ${DEFAULT-VALUE})")
  int days;

  @Option(names = "--json", description = "print JSON for machines")
  boolean json;

  @Override
  public Integer call() {
    // TODO(stripe branch): build from dev.tollgate.conversion.ConversionReport once merged.
    throw new IllegalStateException("report is not available in this build yet");
  }
}
