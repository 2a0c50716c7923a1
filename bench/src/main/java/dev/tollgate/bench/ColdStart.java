package dev.tollgate.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Launches {@link ColdStartMain} as separate JVMs (classpath: authorizer.jar + the bench's
 * classes) and times process start → the "DECIDED" line, i.e. JVM start to first decision.
 */
final class ColdStart {
  /** Median of several launches, and the child's own breakdown from the median run. */
  record Figure(String flags, double medianMs, String breakdown) {}

  private final String java;
  private final String classpath;
  private final Map<String, String> childEnv;
  private final Runnable resetUser;

  ColdStart(String redisUrl, Runnable resetUser) {
    this(Map.of("REDIS_URL", redisUrl, "JWT_SECRET", Fixtures.SAMPLE_SECRET), resetUser);
  }

  /** Children get {@code childEnv} (the Redis and secrets settings) on top of this process's environment. */
  ColdStart(Map<String, String> childEnv, Runnable resetUser) {
    this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    this.classpath = Fixtures.ROOT.resolve("functions/authorizer/target/authorizer.jar") + File.pathSeparator
        + Fixtures.ROOT.resolve("bench/target/tollgate-bench.jar");
    this.childEnv = Map.copyOf(childEnv);
    this.resetUser = resetUser;
  }

  /** {@code runs} launches with {@code flags}; the median time to first decision. */
  Figure measure(String label, List<String> flags, int runs, boolean primed) throws IOException, InterruptedException {
    double[] ms = new double[runs];
    String[] lines = new String[runs];
    for (int i = 0; i < runs; i++) {
      resetUser.run();
      long[] t = new long[1];
      lines[i] = launch(flags, primed, t);
      ms[i] = t[0] / 1e6;
    }
    double median = Harness.median(ms);
    String breakdown = "";
    for (int i = 0; i < runs; i++) {
      if (ms[i] == median || breakdown.isEmpty()) {
        breakdown = lines[i];
      }
    }
    return new Figure(label, median, breakdown);
  }

  /**
   * {@code runs} launches whose child runs the handler's SnapStart hooks (priming, then the
   * restore hook) before its first decision; the median of that first decision's own time, as
   * the child reports it: what a restored container pays on top of the platform's restore
   * (which needs Lambda itself and is not measured here).
   */
  Figure measureRestored(int runs) throws IOException, InterruptedException {
    double[] ms = new double[runs];
    String[] lines = new String[runs];
    for (int i = 0; i < runs; i++) {
      resetUser.run();
      lines[i] = launch(List.of(), "--restored", new long[1]);
      Matcher m = Pattern.compile("firstDecision=([0-9.]+)ms").matcher(lines[i]);
      if (!m.find()) {
        throw new IllegalStateException("no firstDecision in the child's line: " + lines[i]);
      }
      ms[i] = Double.parseDouble(m.group(1));
    }
    double median = Harness.median(ms);
    String breakdown = lines[0];
    for (int i = 0; i < runs; i++) {
      if (ms[i] == median) {
        breakdown = lines[i];
      }
    }
    return new Figure("SnapStart hooks, then first decision", median, breakdown);
  }

  /** Runs once with {@code flags} (e.g. to write a CDS archive) and returns the child's line. */
  String launch(List<String> flags, boolean primed, long[] elapsedNanos) throws IOException, InterruptedException {
    return launch(flags, primed ? "--primed" : null, elapsedNanos);
  }

  /** Runs once with {@code flags} and ColdStartMain's {@code mode} ({@code --primed}, {@code --restored} or null). */
  String launch(List<String> flags, String mode, long[] elapsedNanos) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(flags);
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(ColdStartMain.class.getName());
    cmd.add(Fixtures.EVENTS.resolve("allowed.json").toString());
    if (mode != null) {
      cmd.add(mode);
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.remove("TOLLGATE_CONFIG");
    env.remove("REDIS_AUTH");
    env.remove("JAVA_TOOL_OPTIONS");
    env.remove("REDIS_URL");
    env.remove("JWT_SECRET");
    env.putAll(childEnv);
    long start = System.nanoTime();
    Process p = pb.start();
    StringBuilder all = new StringBuilder();
    String decided = null;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("DECIDED") && decided == null) {
          elapsedNanos[0] = System.nanoTime() - start;
          decided = line.substring("DECIDED ".length());
        } else {
          all.append(line).append('\n');
        }
      }
    }
    int rc = p.waitFor();
    if (decided == null) {
      throw new IllegalStateException("cold-start child failed (exit " + rc + "): " + all);
    }
    return decided;
  }

  /** Writes a dynamic AppCDS archive from one run and returns the flag that uses it. */
  String trainAppCds(Path archive) throws IOException, InterruptedException {
    Files.deleteIfExists(archive);
    resetUser.run();
    launch(List.of("-XX:ArchiveClassesAtExit=" + archive), false, new long[1]);
    if (!Files.exists(archive)) {
      throw new IllegalStateException("no CDS archive written at " + archive);
    }
    return "-XX:SharedArchiveFile=" + archive;
  }

  /** Classes the first decision loads (with {@code flags}), from -Xlog:class+load. */
  long classesLoaded(List<String> flags) throws IOException, InterruptedException {
    List<String> f = new ArrayList<>(flags);
    f.add("-Xlog:class+load=info:file=" + Fixtures.ROOT.resolve("bench/target/class-load.log"));
    resetUser.run();
    launch(f, false, new long[1]);
    try (var lines = Files.lines(Fixtures.ROOT.resolve("bench/target/class-load.log"))) {
      return lines.count();
    }
  }
}
