package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogLineProgressConsumerTest {
  private static final long SECOND = 1_000_000_000L;

  /** A consumer printing into {@code bytes} every 30 s of a clock that reads {@code now[0]}. */
  private static LogLineProgressConsumer consumer(ByteArrayOutputStream bytes, long[] now) {
    return new LogLineProgressConsumer(
        new PrintStream(bytes, true, StandardCharsets.UTF_8), 30 * SECOND, () -> now[0]);
  }

  @Test
  void printsAtMostOneLinePerIntervalAndTheFinalState() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long[] now = {0};
    LogLineProgressConsumer c = consumer(bytes, now);
    for (int step = 1; step <= 100; step++) {
      now[0] =
          step * SECOND; // redrawn every second, as the bar does on a terminal (4 a second there)
      c.accept("\repoch 1/1 " + step + "/100 ");
    }
    c.close();
    assertEquals(
        "epoch 1/1 30/100\nepoch 1/1 60/100\nepoch 1/1 90/100\nepoch 1/1 100/100\n",
        bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void closingRightAfterAPrintedLineDoesNotRepeatIt() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long[] now = {0};
    LogLineProgressConsumer c = consumer(bytes, now);
    now[0] = 31 * SECOND;
    c.accept("done 5/5");
    c.close();
    c.close();
    assertEquals("done 5/5\n", bytes.toString(StandardCharsets.UTF_8));
  }
}
