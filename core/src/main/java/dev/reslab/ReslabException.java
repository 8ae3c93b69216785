package dev.reslab;

/**
 * The root of reslab's own failures: bad input, missing or damaged files, a run that cannot
 * continue. The message is one line that says what is wrong and where (file, record, setting) and
 * what was expected, so a program can show it as it is; the cause, when there is one, keeps the
 * detail.
 *
 * <p>Programming errors stay {@link IllegalArgumentException} / {@link IllegalStateException}; an
 * I/O failure is a {@code ReslabException} (or a subclass) that names the file, not an {@code
 * IllegalArgumentException}.
 */
public class ReslabException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ReslabException(String message) {
    super(message);
  }

  public ReslabException(String message, Throwable cause) {
    super(message, cause);
  }
}
