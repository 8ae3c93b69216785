package dev.reslab.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Finding and checking image files on disk before TensorFlow reads them. */
final class ImageFiles {
  static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

  private ImageFiles() {
  }

  /** Image files directly in {@code folder} (by extension, hidden files skipped), sorted by name. */
  static List<Path> list(Path folder) {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(Files::isRegularFile).filter(ImageFiles::isImageName).sorted().toList();
    } catch (IOException e) {
      throw new DataException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  /** Sub-folders of {@code folder} (hidden ones skipped), sorted by name. */
  static List<Path> subfolders(Path folder) {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new DataException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  static boolean isImageName(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return !n.startsWith(".") && dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /**
   * Checks the first and last bytes of every file in parallel (JPEG, PNG, BMP or GIF signature; JPEG and PNG end
   * markers), so that a stray, empty or cut-short file is reported by name instead of failing deep inside TensorFlow;
   * returns each image's [height, width] as found in its header (JPEG SOF or PNG IHDR within the first {@value #HEAD} bytes), or null where it was not found.
   */
  static List<int[]> checkAndMeasure(List<Path> files) {
    return files.parallelStream().map(ImageFiles::checkSignature).toList();
  }

  /** Bytes read from the start of a file: signature and, usually, the dimensions. */
  private static final int HEAD = 4096;

  static int[] checkSignature(Path file) {
    byte[] head;
    byte[] tail;
    try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file)) {
      long size = ch.size();
      java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate((int) Math.min(HEAD, size));
      while (h.hasRemaining() && ch.read(h) > 0) {
        // read the signature
      }
      head = java.util.Arrays.copyOf(h.array(), h.position());
      int tailLength = (int) Math.min(TAIL, size);
      java.nio.ByteBuffer t = java.nio.ByteBuffer.allocate(tailLength);
      ch.position(size - tailLength);
      while (t.hasRemaining() && ch.read(t) > 0) {
        // read the end
      }
      tail = t.array();
    } catch (IOException e) {
      throw new DataException("cannot read image " + file + ": " + e.getMessage(), e);
    }
    if (head.length < 4 || !(isJpeg(head) || isPng(head) || (head[0] == 'B' && head[1] == 'M')
        || (head[0] == 'G' && head[1] == 'I' && head[2] == 'F'))) {
      throw new DataException("image " + file + " is not a JPEG, PNG, BMP or GIF file ("
          + (head.length == 0 ? "empty" : "starts with " + hex(java.util.Arrays.copyOf(head, Math.min(4, head.length)))) + ")");
    }
    // A cut-short file would fail inside TensorFlow mid-epoch, without its name. In JPEG entropy-coded data 0xFF is
    // always followed by 0x00 or a restart marker, so FF D9 near the end can only be the end-of-image marker.
    if (isJpeg(head) && !contains(tail, new byte[] {(byte) 0xFF, (byte) 0xD9})) {
      throw new DataException("image " + file + " is cut short (no JPEG end-of-image marker); replace the file");
    }
    if (isPng(head) && !contains(tail, new byte[] {'I', 'E', 'N', 'D'})) {
      throw new DataException("image " + file + " is cut short (no PNG IEND chunk); replace the file");
    }
    return positive(file, isJpeg(head) ? jpegSize(head) : isPng(head) ? pngSize(head) : null);
  }

  /** {@code hw} unless it has no pixels (0, or negative from a PNG's 32-bit fields), which TensorFlow cannot decode. */
  private static int[] positive(Path file, int[] hw) {
    if (hw != null && (hw[0] <= 0 || hw[1] <= 0)) {
      throw new DataException("image " + file + " has no pixels: its header says " + Integer.toUnsignedString(hw[1])
          + " x " + Integer.toUnsignedString(hw[0]));
    }
    return hw;
  }

  /** [height, width] from the first SOFn marker, or null if it is not within {@code b}. */
  static int[] jpegSize(byte[] b) {
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
      boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (sof) {
        if (i + 8 >= b.length) {
          return null;
        }
        return new int[] {((b[i + 5] & 0xff) << 8) | (b[i + 6] & 0xff), ((b[i + 7] & 0xff) << 8) | (b[i + 8] & 0xff)};
      }
      i += 2 + length;
    }
    return null;
  }

  /** [height, width] from the IHDR chunk. */
  static int[] pngSize(byte[] b) {
    if (b.length < 24) {
      return null;
    }
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b);
    return new int[] {buf.getInt(20), buf.getInt(16)};
  }

  /** Bytes at the end of a file searched for an end marker (JPEGs may carry some padding after it). */
  private static final int TAIL = 1024;

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

  private static boolean isJpeg(byte[] h) {
    return (h[0] & 0xff) == 0xFF && (h[1] & 0xff) == 0xD8 && (h[2] & 0xff) == 0xFF;
  }

  private static boolean isPng(byte[] h) {
    return (h[0] & 0xff) == 0x89 && h[1] == 'P' && h[2] == 'N' && h[3] == 'G';
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02x", x & 0xff));
    }
    return sb.toString();
  }

  /** Height and width from the file's header. */
  static int[] size(Path file) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new DataException("image " + file + " is not in a format Java can read");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return positive(file, new int[] {reader.getHeight(0), reader.getWidth(0)});
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw new DataException("cannot read image " + file + ": " + e.getMessage(), e);
    }
  }
}
