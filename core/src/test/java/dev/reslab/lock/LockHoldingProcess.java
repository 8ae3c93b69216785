package dev.reslab.lock;

import java.nio.file.Path;

/** A child JVM for {@link RunLockTest}: locks the run folder it is given, says so, and waits. */
public final class LockHoldingProcess {
  private LockHoldingProcess() {}

  public static void main(String[] args) throws Exception {
    RunLock lock = RunLock.acquire(Path.of(args[0]), "trained");
    System.out.println("locked " + lock.file());
    System.out.flush();
    Thread.sleep(120_000); // killed by the test long before
  }
}
