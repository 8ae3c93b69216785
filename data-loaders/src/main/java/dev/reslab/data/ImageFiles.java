package dev.reslab.data;

import dev.reslab.data.image.ImageHeader;
import java.io.IOException;
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

  private ImageFiles() {}

  /**
   * Image files directly in {@code folder} (by extension, hidden files skipped), sorted by name.
   */
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
      return s.filter(Files::isDirectory)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new DataException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  static boolean isImageName(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return !n.startsWith(".")
        && dot > 0
        && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /**
   * Checks every file's header in parallel ({@link ImageHeader}), so that a stray, empty, cut-short
   * or absurdly sized file is reported by name instead of failing deep inside TensorFlow; returns
   * each image's [height, width] from its header, or null where it was not found.
   */
  static List<int[]> checkAndMeasure(List<Path> files) {
    return files.parallelStream().map(ImageFiles::checkSignature).toList();
  }

  /**
   * [height, width] from the header of a checked {@code file}, or null when the header did not say.
   */
  static int[] checkSignature(Path file) {
    ImageHeader h = ImageHeader.read(file);
    return h.hasSize() ? new int[] {h.height(), h.width()} : null;
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
        int height = reader.getHeight(0);
        int width = reader.getWidth(0);
        if (height <= 0 || width <= 0) {
          throw new DataException(
              "image " + file + " has no pixels: its header says " + width + " x " + height);
        }
        return new int[] {height, width};
      } finally {
        reader.dispose();
      }
    } catch (DataException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // ImageIO's readers meet a damaged header with whatever their code hits (IndexOutOfBounds,
      // NegativeArraySize)
      throw new DataException("cannot read image " + file + ": " + e.getMessage(), e);
    }
  }
}
