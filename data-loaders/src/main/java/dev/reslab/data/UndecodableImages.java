package dev.reslab.data;

import dev.reslab.data.image.ImageHeader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.tensorflow.EagerSession;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.types.TUint8;

/**
 * Finds the image file behind a decoding failure: TensorFlow reports "jpeg::Uncompress failed" or
 * "Input is empty." from inside tf.data without the file, so the files are decoded again, one by
 * one, with the pipeline's own op.
 */
final class UndecodableImages {
  /** Files decoded per eager session: its memory is freed when it closes. */
  private static final int CHUNK = 512;

  private UndecodableImages() {}

  /**
   * The first of {@code files} whose header check or decoding fails, as an error naming it and
   * {@code where(i)} (e.g. the line of a list file; "" for none).
   */
  static Optional<DataException> find(List<Path> files, IntFunction<String> where) {
    for (int start = 0; start < files.size(); start += CHUNK) {
      try (EagerSession session = EagerSession.create()) {
        Ops tf = Ops.create(session);
        for (int i = start; i < Math.min(files.size(), start + CHUNK); i++) {
          Path file = files.get(i);
          try {
            ImageHeader.read(file);
          } catch (DataException e) {
            return Optional.of(new DataException(e.getMessage() + where.apply(i), e));
          }
          try {
            Operand<TUint8> pixels =
                tf.image.decodeImage(
                    tf.io.readFile(tf.constant(file.toString())),
                    new DecodeImage.Options[] {
                      DecodeImage.channels(3L), DecodeImage.expandAnimations(false)
                    });
            pixels.shape();
          } catch (
              RuntimeException e) { // TF-Java's exceptions, some of them IllegalArgumentExceptions
            String reason =
                e.getMessage() == null
                    ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse("").trim();
            return Optional.of(
                new DataException(
                    "image "
                        + file
                        + where.apply(i)
                        + " cannot be decoded ("
                        + reason
                        + "); replace or remove the file",
                    e));
          }
        }
      }
    }
    return Optional.empty();
  }
}
