package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack's life as a user lives it, each as separate processes: two stacks side by
 * side in one folder, {@code kill -9} of one, a restart with {@code --data}, a busy port, a
 * Redis URL with a password, and a build rewriting the jar under a running stack.
 */
class LocalStackLifecycleIT {
  static final Map<String, String> NO_ENV = Map.of();

  @TempDir
  Path dir;

  @Test
  void twoStacksSideBySideKeepOneStateEntryEachAndCommandsPickOneByPort() throws Exception {
    try (StackProcess a = StackProcess.start(dir, StackProcess.java(), NO_ENV);
        StackProcess b = StackProcess.start(dir, StackProcess.java(), NO_ENV)) {
      Path stateA = dir.resolve(".tollgate/local-" + a.port + ".json");
      Path stateB = dir.resolve(".tollgate/local-" + b.port + ".json");
      assertThat(stateA).exists();
      assertThat(stateB).exists();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateA))).isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(".tollgate"))))
          .isEqualTo("rwx------");

      StackProcess.Cli ambiguous = StackProcess.cli(dir, StackProcess.java(), NO_ENV, "usage", "show", "grace");
      assertThat(ambiguous.code()).isEqualTo(1);
      assertThat(ambiguous.err()).contains("several './tollgate local' run in this folder", "--port",
          Integer.toString(a.port), Integer.toString(b.port));
      assertThat(StackProcess.cli(dir, StackProcess.java(), NO_ENV, "plan", "set", "grace", "paid", "--port",
          Integer.toString(a.port)).code()).isZero();
      assertThat(StackProcess.cli(dir, StackProcess.java(), NO_ENV, "usage", "show", "grace", "--port",
          Integer.toString(a.port)).out()).contains("plan paid");
      assertThat(StackProcess.cli(dir, StackProcess.java(), NO_ENV, "usage", "show", "grace", "--port",
          Integer.toString(b.port)).out()).contains("plan free");

      b.close();
      assertThat(stateB).as("a clean stop removes only its own entry").doesNotExist();
      assertThat(stateA).exists();
      assertThat(StackProcess.cli(dir, StackProcess.java(), NO_ENV, "usage", "show", "grace").out())
          .as("with one stack left, commands find it without --port").contains("plan paid");
    }
  }

  @Test
  void commandsInTheStacksFolderUseTheConfigItWasStartedWith() throws Exception {
    try (StackProcess s = StackProcess.start(dir, StackProcess.java(), NO_ENV,
        StackProcess.REPO.resolve("examples/pricing.yaml"))) {
      StackProcess.Cli usage = StackProcess.cli(dir, StackProcess.java(), NO_ENV, "usage", "show", "@acme");
      assertThat(usage.code()).as(usage.err()).isZero();
      assertThat(usage.out()).as("the example's loops, not ./gating.yaml's").contains("ai ", "features ");
      StackProcess.Cli token = StackProcess.cli(dir, StackProcess.java(), NO_ENV, "token", "--user", "ada", "--org",
          "acme");
      assertThat(token.code()).as("the example has identity.accountClaim: %s", token.err()).isZero();
    }
  }

  @Test
  void killDashNineOfTheStackTakesItsEmbeddedRedisServerWithIt() throws Exception {
    try (StackProcess s = StackProcess.start(dir, StackProcess.java(), NO_ENV)) {
      ProcessHandle redis = s.redisServer().orElseThrow(() -> new AssertionError("no redis-server under the stack"));
      s.process.destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertThat(s.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
      redis.onExit().get(15, TimeUnit.SECONDS);
      assertThat(redis.isAlive()).as("redis-server %s outlived the stack", redis.pid()).isFalse();
      StackProcess.Cli none = StackProcess.cli(dir, StackProcess.java(), NO_ENV, "usage", "show", "grace");
      assertThat(none.code()).as("a dead stack's entry is ignored").isEqualTo(1);
      assertThat(none.err()).contains("no Redis to talk to");
    }
  }

  @Test
  void withDataDirTheEmbeddedRedisKeepsItsDataAcrossARestart() throws Exception {
    Path data = dir.resolve("redis-data");
    try (StackProcess s = StackProcess.start(dir, StackProcess.java(), NO_ENV, "--data", data.toString())) {
      assertThat(s.log()).contains("data kept in " + data);
      assertThat(StackProcess.cli(dir, StackProcess.java(), NO_ENV, "plan", "set", "kept", "paid").code()).isZero();
    }
    try (StackProcess s = StackProcess.start(dir, StackProcess.java(), NO_ENV, "--data", data.toString())) {
      assertThat(StackProcess.cli(dir, StackProcess.java(), NO_ENV, "usage", "show", "kept").out()).contains("plan paid");
    }
    try (StackProcess s = StackProcess.start(dir, StackProcess.java(), NO_ENV)) {
      assertThat(s.log()).contains("in memory: its data is lost when the stack stops");
      assertThat(StackProcess.cli(dir, StackProcess.java(), NO_ENV, "usage", "show", "kept").out()).contains("plan free");
    }
  }

  @Test
  void aBusyPortIsNamedWithTheWayOut() throws Exception {
    try (StackProcess a = StackProcess.start(dir, StackProcess.java(), NO_ENV)) {
      StackProcess.Cli second = StackProcess.cli(dir, StackProcess.java(), NO_ENV, "local", "--port",
          Integer.toString(a.port), "--config", StackProcess.REPO.resolve("gating.yaml").toString());
      assertThat(second.code()).isEqualTo(1);
      assertThat(second.err()).contains("tollgate local: port " + a.port + " is already in use", "--port");
    }
  }

  @Test
  void aRedisPasswordIsNeverPrintedAtStartUp() throws Exception {
    int closed = StackProcess.freePort();
    StackProcess.Cli r = StackProcess.cli(dir, StackProcess.java(), Map.of("REDIS_URL", "redis://ops:hunter2-pw@127.0.0.1:"
        + closed), "local", "--port", Integer.toString(StackProcess.freePort()), "--config",
        StackProcess.REPO.resolve("gating.yaml").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("redis://ops:***@127.0.0.1:" + closed).doesNotContain("hunter2-pw");
    assertThat(r.out()).doesNotContain("hunter2-pw");
  }

  @Test
  void aBuildRewritingTheJarInPlaceBreaksNeitherTheRunningStackNorTheCli() throws Exception {
    // a repository as the launcher sees it: the script, sources older than a built jar
    Path root = dir.resolve("repo");
    Path jar = root.resolve("local/target/tollgate-local.jar");
    Files.createDirectories(jar.getParent());
    for (String d : List.of("shared", "functions")) {
      Files.createDirectories(root.resolve(d));
    }
    Files.copy(StackProcess.REPO.resolve("tollgate"), root.resolve("tollgate"));
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    Files.setLastModifiedTime(root.resolve("pom.xml"), FileTime.from(Instant.now().minusSeconds(3600)));
    byte[] built = Files.readAllBytes(StackProcess.JAR);
    Files.write(jar, built);
    List<String> launcher = List.of("bash", root.resolve("tollgate").toString());

    try (StackProcess s = StackProcess.start(dir, launcher, NO_ENV)) {
      // mvn package truncates the jar and writes it anew; caught half-way:
      Files.write(jar, java.util.Arrays.copyOf(built, built.length / 3), StandardOpenOption.TRUNCATE_EXISTING);
      assertThat(s.post("/2015-03-31/functions/AdminFunction/invocations", "{\"action\":\"report\",\"days\":3}")
          .body()).contains("\"ok\":true", "\"loops\"");
      assertThat(s.post("/2015-03-31/functions/UpgradeDispatcherFunction/invocations",
          Files.readString(StackProcess.REPO.resolve("events/upgrade-dispatcher/scheduled.json"))).body())
          .contains("claimed");
      assertThat(s.get("/2015-03-31/nothing-here").statusCode()).isEqualTo(404);

      Files.write(jar, built, StandardOpenOption.TRUNCATE_EXISTING); // the build finishes
      StackProcess.Cli cli = StackProcess.cli(dir, launcher, NO_ENV, "plan", "set", "rebuilt", "paid");
      assertThat(cli.code()).as(cli.err()).isZero();
      assertThat(s.get("/health").statusCode()).as("the stack still serves after the new copy replaced its own")
          .isEqualTo(200);
      assertThat(s.post("/2015-03-31/functions/AdminFunction/invocations",
          "{\"action\":\"usage.show\",\"user\":\"rebuilt\"}").body()).contains("\"plan\":\"paid\"");
      try (var copies = Files.list(root.resolve(".tollgate/jars"))) {
        assertThat(copies.filter(p -> p.getFileName().toString().endsWith(".jar")).toList()).hasSize(1);
      }
    }
  }
}
