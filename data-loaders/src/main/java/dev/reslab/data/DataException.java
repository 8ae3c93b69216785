package dev.reslab.data;

import dev.reslab.ReslabException;

/**
 * Bad or missing input data. The message is one line that names the file (and record or line) and
 * says what was expected, so the command line can print it as it is, without a stack trace.
 */
public class DataException extends ReslabException {
  private static final long serialVersionUID = 1L;

  public DataException(String message) {
    super(message);
  }

  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
