package dev.reslab.lock;

import dev.reslab.IoReason;
import dev.reslab.ReslabException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An exclusive lock on a run folder, held by the process that writes into it (trains, imports,
 * exports into it) until {@link #close()}: a second writer gets a {@link RunBusyException} naming
 * the holder. It is the operating system's lock on {@code RUN/.reslab-lock} ({@link
 * FileChannel#tryLock}, fcntl on Linux, also over NFS), so it goes away with its process however
 * that ends; the file itself may stay behind and means nothing without the lock. The file holds one
 * line saying who holds it, for the message.
 *
 * <p>fcntl locks belong to the process, and closing any descriptor of the file drops them all, so
 * this JVM never opens a lock file it holds: the locks held here are kept in one table, and every
 * open, lock and close of a lock file happens under one monitor.
 */
public final class RunLock implements AutoCloseable {
  /** The lock file's name inside the run folder. */
  public static final String FILE_NAME = ".reslab-lock";

  /** Lock files held by this JVM (real paths) and who holds them, for a second caller here. */
  private static final Map<Path, String> HELD_HERE = new HashMap<>();

  /** Retries before a lock counts as held: {@link #isHeld} takes it for an instant. */
  private static final int ATTEMPTS = 5;

  private static final long RETRY_MILLIS = 20;

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code runDir} (created when missing) for this process, or throws {@link
   * RunBusyException} when another process or thread holds it. {@code activity} says what the
   * holder does, for others' messages: "trained", "imported into", "exported into".
   */
  public static RunLock acquire(Path runDir, String activity) {
    Objects.requireNonNull(activity, "activity");
    Path dir = runDir.toAbsolutePath().normalize();
    Path file;
    try {
      Files.createDirectories(dir);
      file = dir.toRealPath().resolve(FILE_NAME);
    } catch (IOException e) {
      throw new ReslabException("cannot write the run folder " + dir + ": " + IoReason.of(e), e);
    }
    String holder = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (attempt > 0) {
        pause();
      }
      synchronized (HELD_HERE) {
        String here = HELD_HERE.get(file);
        if (here != null) {
          throw new RunBusyException(
              dir, activity(here), "another thread of this process", describe(here));
        }
        Optional<RunLock> got = tryLock(dir, file, activity);
        if (got.isPresent()) {
          return got.get();
        }
        holder = readHolder(file);
      }
    }
    throw new RunBusyException(dir, activity(holder), "another process", describe(holder));
  }

  /**
   * Whether a process (this one included) holds the lock of {@code runDir} now. Creates nothing: a
   * folder without a lock file is not held.
   */
  public static boolean isHeld(Path runDir) {
    Path file;
    try {
      file = runDir.toAbsolutePath().normalize().toRealPath().resolve(FILE_NAME);
    } catch (IOException e) {
      return false; // no such folder
    }
    synchronized (HELD_HERE) {
      if (HELD_HERE.containsKey(file)) {
        return true;
      }
      try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
        FileLock probe = c.tryLock();
        if (probe == null) {
          return true;
        }
        probe.release();
        return false;
      } catch (NoSuchFileException e) {
        return false;
      } catch (IOException | OverlappingFileLockException e) {
        return false; // a file it cannot open is not a lock anyone could hold
      }
    }
  }

  private static Optional<RunLock> tryLock(Path dir, Path file, String activity) {
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      Object key = fileKey(file);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        return Optional.empty();
      }
      if (key == null || !key.equals(fileKey(file))) {
        // the file was removed (its run folder cleaned up) between open and lock: not the lock
        // others see
        lock.release();
        channel.close();
        return Optional.empty();
      }
      String holder =
          "pid="
              + ProcessHandle.current().pid()
              + " host="
              + host()
              + " since="
              + Instant.now().truncatedTo(ChronoUnit.SECONDS)
              + " activity="
              + activity.replace(' ', '_')
              + "\n";
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(false);
      HELD_HERE.put(file, holder);
      return Optional.of(new RunLock(file, channel, lock));
    } catch (IOException e) {
      closeQuietly(channel);
      throw new ReslabException("cannot lock the run folder " + dir + ": " + IoReason.of(e), e);
    }
  }

  private static Object fileKey(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /** The holder line of a lock file held by another process (read without opening it for write). */
  private static String readHolder(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      return new String(bytes, 0, Math.min(bytes.length, 400), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }

  /** "pid N on HOST, since TIME" from a holder line, or "holder unknown" for one being written. */
  static String describe(String holder) {
    String pid = field(holder, "pid");
    if (pid == null) {
      return "holder unknown";
    }
    String host = field(holder, "host");
    String since = field(holder, "since");
    return "pid "
        + pid
        + (host == null ? "" : " on " + host)
        + (since == null ? "" : ", since " + since);
  }

  private static String activity(String holder) {
    String a = field(holder, "activity");
    return a == null ? "written" : a.replace('_', ' ');
  }

  private static String field(String holder, String name) {
    if (holder == null) {
      return null;
    }
    for (String part : holder.strip().split(" ")) {
      if (part.startsWith(name + "=") && part.length() > name.length() + 1) {
        return part.substring(name.length() + 1);
      }
    }
    return null;
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
    }
  }

  private static void pause() {
    try {
      Thread.sleep(RETRY_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReslabException("interrupted while waiting for a run folder's lock");
    }
  }

  private static void closeQuietly(FileChannel c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // nothing was locked through it
      }
    }
  }

  /** The lock file (inside the run folder). */
  public Path file() {
    return file;
  }

  /** Releases the lock; the file stays (others may have it open). */
  @Override
  public void close() {
    synchronized (HELD_HERE) {
      if (!HELD_HERE.containsKey(file) || !channel.isOpen()) {
        return;
      }
      try {
        lock.release();
      } catch (IOException ignored) {
        // closing the channel below releases it too
      } finally {
        closeQuietly(channel);
        HELD_HERE.remove(file);
      }
    }
  }
}
