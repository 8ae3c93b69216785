package dev.reslab.data.image;

import dev.reslab.IoReason;
import dev.reslab.data.DataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What an image file's first and last bytes say, checked before TensorFlow decodes it: the format
 * from the signature (JPEG, PNG, BMP, GIF), the end marker of JPEG and PNG files (a cut-short
 * file), and the dimensions and channels from the header (JPEG SOF, PNG IHDR, BMP info header, GIF
 * screen descriptor) within sane limits. Every problem is a {@link DataException} naming the file;
 * nothing else is thrown, whatever the bytes.
 *
 * @param format the file's format
 * @param width width in pixels, or 0 when the header was not within the bytes read
 * @param height height in pixels, or 0 when not found
 * @param channels channels the file stores (1 gray, 2 gray + alpha, 3 colour, 4 colour + alpha or
 *     CMYK), 0 when not found
 */
public record ImageHeader(Format format, int width, int height, int channels) {

  /** Image formats TensorFlow's decoder reads. */
  public enum Format {
    JPEG,
    PNG,
    BMP,
    GIF
  }

  /**
   * Most pixels a header may claim (16384 × 16384): more is a corrupt header or an image TensorFlow
   * cannot decode ("PNG size too large for int").
   */
  public static final long MAX_PIXELS = 1L << 28;

  /**
   * Bytes read from the start (signature and, usually, the dimensions) and from the end (end
   * marker).
   */
  static final int HEAD = 4096;

  static final int TAIL = 1024;

  /** Whether the dimensions were found in the header. */
  public boolean hasSize() {
    return width > 0 && height > 0;
  }

  /** Reads and checks the start and end of {@code file}. */
  public static ImageHeader read(Path file) {
    byte[] head;
    byte[] tail;
    try (SeekableByteChannel ch = Files.newByteChannel(file)) {
      long size = ch.size();
      ByteBuffer h = ByteBuffer.allocate((int) Math.min(HEAD, size));
      while (h.hasRemaining() && ch.read(h) > 0) {
        // read the start
      }
      head = Arrays.copyOf(h.array(), h.position());
      ByteBuffer t = ByteBuffer.allocate((int) Math.min(TAIL, size));
      ch.position(size - t.capacity());
      while (t.hasRemaining() && ch.read(t) > 0) {
        // read the end
      }
      tail = Arrays.copyOf(t.array(), t.position());
    } catch (IOException e) {
      throw new DataException("cannot read image " + file + ": " + IoReason.of(e), e);
    }
    return check(file.toString(), head, tail);
  }

  /** Checks a whole file's {@code bytes}; {@code source} names it in errors. */
  public static ImageHeader parse(String source, byte[] bytes) {
    return check(
        source,
        Arrays.copyOf(bytes, Math.min(HEAD, bytes.length)),
        Arrays.copyOfRange(bytes, Math.max(0, bytes.length - TAIL), bytes.length));
  }

  private static ImageHeader check(String source, byte[] head, byte[] tail) {
    Format format = format(head);
    if (format == null) {
      throw new DataException(
          "image "
              + source
              + " is not a JPEG, PNG, BMP or GIF file ("
              + (head.length == 0
                  ? "empty"
                  : "starts with " + hex(Arrays.copyOf(head, Math.min(4, head.length))))
              + ")");
    }
    // A cut-short file would fail inside TensorFlow mid-epoch, without its name. In JPEG
    // entropy-coded data 0xFF is
    // always followed by 0x00 or a restart marker, so FF D9 near the end can only be the
    // end-of-image marker.
    if (format == Format.JPEG && !contains(tail, new byte[] {(byte) 0xFF, (byte) 0xD9})) {
      throw new DataException(
          "image " + source + " is cut short (no JPEG end-of-image marker); replace the file");
    }
    if (format == Format.PNG && !contains(tail, new byte[] {'I', 'E', 'N', 'D'})) {
      throw new DataException(
          "image " + source + " is cut short (no PNG IEND chunk); replace the file");
    }
    long[] whc =
        switch (format) {
          case JPEG -> jpeg(head);
          case PNG -> png(head);
          case BMP -> bmp(head);
          case GIF -> gif(head);
        };
    if (whc == null) {
      return new ImageHeader(format, 0, 0, 0);
    }
    long w = whc[0];
    long h = whc[1];
    if (w < 1 || h < 1 || w * h > MAX_PIXELS) {
      throw new DataException(
          "image "
              + source
              + " has a "
              + format
              + " header claiming "
              + w
              + "x"
              + h
              + " pixels"
              + (w < 1 || h < 1 ? "" : ", more than the " + MAX_PIXELS + " allowed")
              + "; the file is corrupt or not an image for training");
    }
    return new ImageHeader(format, (int) w, (int) h, (int) whc[2]);
  }

  private static Format format(byte[] h) {
    if (h.length >= 3 && (h[0] & 0xff) == 0xFF && (h[1] & 0xff) == 0xD8 && (h[2] & 0xff) == 0xFF) {
      return Format.JPEG;
    }
    if (h.length >= 8 && (h[0] & 0xff) == 0x89 && h[1] == 'P' && h[2] == 'N' && h[3] == 'G') {
      return Format.PNG;
    }
    if (h.length >= 2 && h[0] == 'B' && h[1] == 'M') {
      return Format.BMP;
    }
    if (h.length >= 6 && h[0] == 'G' && h[1] == 'I' && h[2] == 'F' && h[3] == '8') {
      return Format.GIF;
    }
    return null;
  }

  /**
   * Width, height and components from the first SOFn marker, or null if it is not within {@code b}.
   */
  private static long[] jpeg(byte[] b) {
    int i = 2;
    while (i + 3 < b.length) {
      if ((b[i] & 0xff) != 0xFF) {
        return null;
      }
      int marker = b[i + 1] & 0xff;
      if (marker == 0xFF) {
        i++; // fill byte
        continue;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        i += 2; // no length
        continue;
      }
      int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
      boolean sof =
          marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (sof) {
        if (i + 9 >= b.length) {
          return null;
        }
        return new long[] {
          ((b[i + 7] & 0xff) << 8) | (b[i + 8] & 0xff),
          ((b[i + 5] & 0xff) << 8) | (b[i + 6] & 0xff),
          b[i + 9] & 0xff
        };
      }
      i += 2 + length;
    }
    return null;
  }

  private static long[] png(byte[] b) {
    if (b.length < 26) {
      return null;
    }
    ByteBuffer buf = ByteBuffer.wrap(b);
    int colorType = b[25] & 0xff;
    int channels =
        switch (colorType) {
          case 0 -> 1;
          case 4 -> 2;
          case 2, 3 -> 3;
          case 6 -> 4;
          default -> 0;
        };
    return new long[] {buf.getInt(16) & 0xffffffffL, buf.getInt(20) & 0xffffffffL, channels};
  }

  private static long[] bmp(byte[] b) {
    if (b.length < 30) {
      return null;
    }
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int bits = buf.getShort(28) & 0xffff;
    // The height is negative for top-down bitmaps.
    return new long[] {
      buf.getInt(18), Math.abs((long) buf.getInt(22)), bits == 32 ? 4 : bits <= 8 ? 1 : 3
    };
  }

  private static long[] gif(byte[] b) {
    if (b.length < 10) {
      return null;
    }
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    return new long[] {buf.getShort(6) & 0xffff, buf.getShort(8) & 0xffff, 3};
  }

  private static boolean contains(byte[] data, byte[] pattern) {
    outer:
    for (int i = data.length - pattern.length; i >= 0; i--) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02x", x & 0xff));
    }
    return sb.toString();
  }
}
