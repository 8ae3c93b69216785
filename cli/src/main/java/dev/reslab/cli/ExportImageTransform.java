package dev.reslab.cli;

import dev.reslab.analysis.inputs.ImageFilesInput;
import dev.reslab.data.pipeline.ImageTransform;
import dev.reslab.interop.export.ExportDescription;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How image files are read for a reslab export whose signature takes any size: as for the run it
 * was exported from (its recorded data set and size), so a run and its export see the same pixels.
 */
final class ExportImageTransform {
  private ExportImageTransform() {}

  /** The recorded transform; empty for a SavedModel that is no reslab export or does not say. */
  static Optional<ImageTransform> of(Path savedModel) {
    return ExportDescription.read(savedModel)
        .filter(d -> d.imageSize() > 0)
        .map(d -> ImageFilesInput.runTransform(d.model(), d.data()));
  }

  /**
   * Why a size must be given for {@code savedModel}, whose signature {@code input} takes any size:
   * an export made before exports recorded it, or a SavedModel that does not say.
   */
  static String whySizeNeeded(Path savedModel, String input, String flag) {
    return ExportDescription.read(savedModel).isPresent()
        ? savedModel
            + " was exported before reslab exports recorded their image size ("
            + ExportDescription.FILE
            + " has none) and its input '"
            + input
            + "' takes any size; give "
            + flag
            + " with the size its run trained at, or export the run again"
        : "input '" + input + "' does not fix the image size; give " + flag;
  }
}
