package dev.tollgate.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** One line saying what the run ran on: cores, memory, JVM, CPU model and the load when it started. */
final class Machine {
  private Machine() {}

  static String describe() {
    long ram = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize();
    return String.format(Locale.ROOT, "%d cores (%s), %.0f GiB RAM, %s %s, load average %s at start",
        Runtime.getRuntime().availableProcessors(), cpuModel(), ram / (1024.0 * 1024 * 1024),
        System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), loadAverage());
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("cpu unknown");
    } catch (IOException | RuntimeException e) {
      return "cpu unknown";
    }
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
