package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two launchers started together on changed sources used to build at once (and one build failed on
 * the classes the other rewrote): one builds, the other waits and finds nothing left to build.
 * Without flock, each builds and one line says so. Maven and java are stand-ins that record their
 * calls, in a copy of the launcher beside a project of one stale jar and one newer source.
 */
class LauncherBuildLockTest {
  @TempDir Path tmp;

  private Path project;
  private Path builds;

  private void setUp() throws IOException {
    project = Files.createDirectories(tmp.resolve("project"));
    Files.copy(LauncherRun.LAUNCHER, project.resolve("reslab"));
    Path jar = project.resolve("cli/target/reslab-cli.jar");
    Files.createDirectories(jar.getParent());
    Files.writeString(jar, "old");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(3600)));
    Path source = project.resolve("cli/src/main/java/A.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "class A {}");
    builds = tmp.resolve("builds.txt");
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    script(
        bin.resolve("mvn"),
        "echo build >> '" + builds + "'; sleep 2; touch cli/target/reslab-cli.jar");
    script(bin.resolve("java"), "echo \"ran $*\"");
  }

  private static void script(Path file, String body) throws IOException {
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Process launch(String path) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("bash", project.resolve("reslab").toString(), "summary");
    pb.environment().remove("RESLAB_CLASSPATH");
    pb.environment().put("PATH", path);
    return pb.start();
  }

  private static String[] finish(Process p) throws Exception {
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher ended");
    return new String[] {
      String.valueOf(p.exitValue()),
      new String(p.getInputStream().readAllBytes()),
      new String(p.getErrorStream().readAllBytes())
    };
  }

  @Test
  void twoLaunchersStartedTogetherBuildOnce() throws Exception {
    Assumptions.assumeTrue(
        new ProcessBuilder("sh", "-c", "command -v flock").start().waitFor() == 0,
        "flock is not installed here");
    setUp();
    String path = tmp.resolve("bin") + ":" + System.getenv("PATH");
    Process first = launch(path);
    Process second = launch(path);
    String[] a = finish(first);
    String[] b = finish(second);
    for (String[] r : List.of(a, b)) {
      assertEquals("0", r[0], r[2]);
      assertTrue(r[1].startsWith("ran ") && r[1].contains("-jar"), r[1]);
    }
    assertEquals(List.of("build"), Files.readAllLines(builds), "one build for both");
    assertTrue(
        (a[2] + b[2]).contains("reslab: waiting for another reslab's build to finish..."),
        a[2] + b[2]);
    // and later calls find the jar up to date
    String[] third = finish(launch(path));
    assertEquals("0", third[0], third[2]);
    assertEquals(1, Files.readAllLines(builds).size());
  }

  @Test
  void withoutFlockItBuildsAndSaysBuildsAreNotTakingTurns() throws Exception {
    setUp();
    // a PATH with what the launcher uses, but no flock
    Path bare = Files.createDirectories(tmp.resolve("bare"));
    List<String> missing = new ArrayList<>();
    for (String tool :
        List.of(
            "bash", "sh", "env", "dirname", "find", "mktemp", "tail", "rm", "nproc", "sleep",
            "touch", "cat", "perl")) {
      Path found = which(tool);
      if (found == null) {
        missing.add(tool);
      } else {
        Files.createSymbolicLink(bare.resolve(tool), found);
      }
    }
    Assumptions.assumeTrue(
        missing.isEmpty() || missing.equals(List.of("perl")), "missing " + missing);
    String[] r = finish(launch(tmp.resolve("bin") + ":" + bare));
    assertEquals("0", r[0], r[2]);
    assertTrue(
        r[2].contains(
            "reslab: flock not found (util-linux); reslab commands started together may build at"
                + " once"),
        r[2]);
    assertEquals(List.of("build"), Files.readAllLines(builds));
  }

  /**
   * Maven rewrites the jar in place; a reslab running from it (a long training during a rebuild)
   * would read the new bytes at the old offsets. The launcher unlinks it first, so the open file
   * keeps its old content.
   */
  @Test
  void aRebuildLeavesTheJarThatARunningCommandHasOpenIntact() throws Exception {
    setUp();
    Path jar = project.resolve("cli/target/reslab-cli.jar");
    Path lib = Files.createDirectories(project.resolve("cli/target/lib"));
    Files.writeString(lib.resolve("core-0.1.0-SNAPSHOT.jar"), "old");
    script(
        tmp.resolve("bin/mvn"),
        "printf new > cli/target/reslab-cli.jar; printf new > cli/target/lib/core-0.1.0-SNAPSHOT.jar");
    try (FileChannel running = FileChannel.open(jar);
        FileChannel runningLib = FileChannel.open(lib.resolve("core-0.1.0-SNAPSHOT.jar"))) {
      String[] r = finish(launch(tmp.resolve("bin") + ":" + System.getenv("PATH")));
      assertEquals("0", r[0], r[2]);
      assertEquals("new", Files.readString(jar));
      assertEquals("old", read(running));
      assertEquals("old", read(runningLib));
    }
  }

  private static String read(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(16);
    channel.read(buffer, 0);
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
  }

  private static Path which(String tool) {
    for (String dir : System.getenv("PATH").split(":")) {
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
