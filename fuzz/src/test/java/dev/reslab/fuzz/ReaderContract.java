package dev.reslab.fuzz;

import com.sun.management.ThreadMXBean;
import dev.reslab.ReslabException;
import java.io.UncheckedIOException;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * What every reader of outside bytes promises, checked on one input:
 *
 * <ul>
 *   <li>it returns a result that passes the target's validity check, or throws the project's
 *       user-facing exception whose first line (all the command line prints) names the input; never
 *       any other exception type;
 *   <li>it finishes within {@link #TIME_LIMIT} (the first input of a JVM within {@link
 *       #FIRST_TIME_LIMIT}: it loads and, when fuzzing, instruments every class the reader uses);
 *   <li>it allocates at most {@link #ALLOCATION_BASE} plus {@link #ALLOCATION_PER_BYTE} per input
 *       byte in all, so no size field in the input can make it allocate what the input does not
 *       hold (not checked on a call that loaded classes: loading and, when fuzzing, instrumenting
 *       them allocates hundreds of megabytes once);
 *   <li>it writes nothing outside its sandbox's {@code writable/} folder.
 * </ul>
 *
 * The reader runs on a worker thread so a hang can be reported (the stuck thread is abandoned) and
 * its allocations counted exactly (HotSpot's per-thread allocation counter).
 */
final class ReaderContract {
  static final Duration TIME_LIMIT = Duration.ofSeconds(20);
  static final Duration FIRST_TIME_LIMIT = Duration.ofMinutes(5);
  static final long ALLOCATION_BASE = 64L << 20;
  static final long ALLOCATION_PER_BYTE = 16;

  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();
  private static ExecutorService worker = newWorker();
  private static boolean warm;

  private ReaderContract() {}

  /** A reader called on the sandbox's inputs. */
  interface Reader<T> {
    T read() throws Exception;
  }

  /**
   * Runs {@code reader}, checks the outcome against the contract and a returned value with {@code
   * valid}.
   */
  static <T> void check(Sandbox box, long inputBytes, Reader<T> reader, Consumer<? super T> valid) {
    FuzzStats.count();
    Outcome<T> outcome = run(reader);
    long cap = ALLOCATION_BASE + ALLOCATION_PER_BYTE * inputBytes;
    if (outcome.thrown instanceof OutOfMemoryError
        || (outcome.allocated > cap && !outcome.loadedClasses)) {
      throw new AssertionError(
          "allocated "
              + outcome.allocated
              + " bytes for a "
              + inputBytes
              + "-byte input (cap "
              + cap
              + ")",
          outcome.thrown);
    }
    box.checkNothingWrittenElsewhere();
    if (outcome.thrown == null) {
      valid.accept(outcome.value);
      return;
    }
    Throwable t = outcome.thrown;
    if (!isUserFacing(t)) {
      throw new AssertionError("not a user-facing exception: " + t, t);
    }
    String first = String.valueOf(t.getMessage()).lines().findFirst().orElse("");
    if (!first.contains(box.input().toString())) {
      throw new AssertionError(
          "the message does not name the input (" + box.input() + "): " + first, t);
    }
  }

  /**
   * The exceptions a reader may end in: reslab's own {@link ReslabException}s (the command line
   * reports them as the user's problem in one line, exit code 2), and the plain
   * UncheckedIOException of a failing disk. Not IllegalArgumentException: that is kept for
   * programming errors, and a reader that throws one for a bad file breaks the convention.
   */
  static boolean isUserFacing(Throwable t) {
    return t instanceof ReslabException || t.getClass() == UncheckedIOException.class;
  }

  private static <T> Outcome<T> run(Reader<T> reader) {
    Future<Outcome<T>> future =
        worker.submit(
            () -> {
              long classes = CLASSES.getTotalLoadedClassCount();
              long before = THREADS.getCurrentThreadAllocatedBytes();
              T value = null;
              Throwable thrown = null;
              try {
                value = reader.read();
              } catch (Throwable t) {
                thrown = t;
              }
              return new Outcome<>(
                  value,
                  thrown,
                  THREADS.getCurrentThreadAllocatedBytes() - before,
                  CLASSES.getTotalLoadedClassCount() != classes);
            });
    Duration limit = warm ? TIME_LIMIT : FIRST_TIME_LIMIT;
    try {
      Outcome<T> outcome = future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
      warm = true;
      return outcome;
    } catch (TimeoutException e) {
      worker.shutdownNow();
      worker = newWorker();
      throw new AssertionError("no answer after " + limit.toSeconds() + " s (a hang)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    }
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, "fuzz-target");
          t.setDaemon(true);
          return t;
        });
  }

  private record Outcome<T>(T value, Throwable thrown, long allocated, boolean loadedClasses) {}
}
