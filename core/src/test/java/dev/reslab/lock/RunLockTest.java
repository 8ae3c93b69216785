package dev.reslab.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {
  @TempDir Path tmp;

  @Test
  void aSecondHolderInThisJvmIsRefusedUntilTheFirstLetsGo() throws Exception {
    Path run = tmp.resolve("run");
    try (RunLock first = RunLock.acquire(run, "trained")) {
      assertTrue(Files.isRegularFile(run.resolve(RunLock.FILE_NAME)), "lock file created");
      assertTrue(RunLock.isHeld(run));
      // from another thread, as a second trainer in the same JVM would ask
      RunBusyException busy =
          assertThrows(
              RunBusyException.class,
              () -> {
                try {
                  CompletableFuture.supplyAsync(() -> RunLock.acquire(run, "trained")).join();
                } catch (java.util.concurrent.CompletionException e) {
                  throw e.getCause();
                }
              });
      long pid = ProcessHandle.current().pid();
      assertTrue(
          Pattern.matches(
              Pattern.quote(run.toAbsolutePath().toString())
                  + " is being trained by another thread of this process \\(pid "
                  + pid
                  + " on \\S+, since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\); wait for it or"
                  + " use another folder",
              busy.getMessage()),
          busy.getMessage());
      assertEquals(run.toAbsolutePath(), busy.run());
    }
    assertFalse(RunLock.isHeld(run), "released on close");
    try (RunLock again = RunLock.acquire(run, "imported into")) {
      assertTrue(RunLock.isHeld(run));
    }
  }

  @Test
  void isHeldCreatesNothingAndProbingDoesNotTakeTheLock() throws Exception {
    Path run = tmp.resolve("never");
    assertFalse(RunLock.isHeld(run));
    assertFalse(Files.exists(run), "a probe creates no folder");
    Files.createDirectories(run);
    assertFalse(RunLock.isHeld(run));
    assertFalse(Files.exists(run.resolve(RunLock.FILE_NAME)), "nor a lock file");
    // a lock file left by a killed process is not a lock
    Files.writeString(run.resolve(RunLock.FILE_NAME), "pid=1 host=gone since=x activity=trained\n");
    assertFalse(RunLock.isHeld(run));
    try (RunLock lock = RunLock.acquire(run, "trained")) {
      assertTrue(
          Files.readString(run.resolve(RunLock.FILE_NAME))
              .startsWith("pid=" + ProcessHandle.current().pid() + " "),
          "the holder line is rewritten by the new holder");
    }
  }

  @Test
  void holderLineDescribesItselfAndSurvivesGarbage() {
    assertEquals(
        "pid 42 on box, since 2026-01-02T03:04:05Z",
        RunLock.describe("pid=42 host=box since=2026-01-02T03:04:05Z activity=trained\n"));
    assertEquals("holder unknown", RunLock.describe(""));
    assertEquals("holder unknown", RunLock.describe(null));
    assertEquals("holder unknown", RunLock.describe("\u0000garbage"));
  }

  /** The lock of another process stops us; its kill -9 frees it (the OS drops fcntl locks). */
  @Test
  void anotherProcesssLockStopsUsAndDiesWithIt() throws Exception {
    Path run = tmp.resolve("child-run");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LockHoldingProcess.class.getName(),
                run.toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertTrue(line != null && line.startsWith("locked "), "child says: " + line);
      assertTrue(RunLock.isHeld(run));
      RunBusyException busy =
          assertThrows(RunBusyException.class, () -> RunLock.acquire(run, "trained"));
      assertTrue(
          busy.getMessage()
              .contains("is being trained by another process (pid " + child.pid() + " on "),
          busy.getMessage());
      assertEquals("pid " + child.pid(), busy.holder().replaceAll(" on .*", ""));
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      assertFalse(RunLock.isHeld(run), "the lock died with its process");
      try (RunLock mine = RunLock.acquire(run, "trained")) {
        assertTrue(RunLock.isHeld(run));
      }
    } finally {
      child.destroyForcibly();
    }
  }
}
