package dev.reslab.lock;

import dev.reslab.ReslabException;
import java.nio.file.Path;

/**
 * Another process (or another thread of this one) writes into the run folder: "RUN is being trained
 * by another process (pid N on HOST, since TIME); wait for it or use another folder".
 */
public final class RunBusyException extends ReslabException {
  private static final long serialVersionUID = 1L;

  private final transient Path run;
  private final String situation;
  private final String holder;

  RunBusyException(Path run, String activity, String who, String holder) {
    this(run, run + " is being " + activity + " by " + who + " (" + holder + ")", holder);
  }

  private RunBusyException(Path run, String situation, String holder) {
    super(situation + "; wait for it or use another folder");
    this.run = run;
    this.situation = situation;
    this.holder = holder;
  }

  /** What is going on, without advice: "RUN is being trained by another process (pid N ...)". */
  public String situation() {
    return situation;
  }

  /** The run folder. */
  public Path run() {
    return run;
  }

  /** Who holds it, as its lock file says: "pid N on HOST, since TIME", or "holder unknown". */
  public String holder() {
    return holder;
  }
}
