package dev.reslab.cli;

import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.analysis.inputs.ImageFilesInput;
import dev.reslab.analysis.inputs.ImageSelection;
import dev.reslab.analysis.report.AnalysisProvenance;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.Normalization;
import dev.reslab.data.Task;
import dev.reslab.data.pipeline.ImageTransform;
import dev.reslab.model.inference.InferenceModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.tensorflow.ndarray.Shape;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The images an explanation command explains: files, or images of a data set picked by index or
 * class.
 */
public final class ImageInputOptions {

  @Option(
      names = "--images",
      paramLabel = "FILE",
      arity = "1..*",
      description =
          "image files (JPEG, PNG, …), one per value or separated by commas, resized to the model's"
              + " input size; with --dataset, titles name classes by that data set's names when the"
              + " model records none")
  void files(List<String> values) {
    files = ImageFileNames.expand(values);
  }

  List<Path> files;

  @Mixin AnalysisDataOptions data;

  @Option(
      names = "--indices",
      paramLabel = "I,J,..",
      split = ",",
      description =
          "images of the data set by position (default: the first, unless --class-names is given)")
  List<Long> indices;

  @Option(
      names = "--class-names",
      paramLabel = "A,B,..",
      split = ",",
      description = "the first --per-class images of each of these classes, e.g. cat,dog,truck")
  List<String> classes;

  @Option(names = "--classes", hidden = true, split = ",")
  void oldClasses(List<String> names) {
    OldSpelling.used("--classes", "--class-names");
    classes = names;
  }

  @Option(
      names = "--per-class",
      paramLabel = "N",
      defaultValue = "1",
      description = "default: ${DEFAULT-VALUE}")
  int perClass;

  /**
   * The images and what is known of them.
   *
   * @param normalization the data set's normalisation (null for files)
   * @param labelNames class or attribute names (null when unknown)
   * @param source where the images came from, for the results' record
   */
  record Input(
      ImageBatch images,
      List<String> names,
      int[] labels,
      List<String> labelNames,
      Normalization normalization,
      AnalysisProvenance.DataFacts source) {}

  /**
   * Image files for a model that records no data set (a SavedModel), resized to its input size when
   * it fixes one, else read as {@code recorded} says (a reslab export's run).
   */
  Input readFiles(Shape modelInput, Optional<ImageTransform> recorded) {
    boolean haveFiles = files != null && !files.isEmpty();
    if (!haveFiles && data.dataset != null) {
      return fromDataset(null); // the model's input size is checked against the data set's
    }
    if (!haveFiles || indices != null || classes != null) {
      throw new IllegalArgumentException(
          "a SavedModel records no data set: give the images to explain with --images, or a data"
              + " set with --dataset");
    }
    long h = modelInput.numDimensions() == 4 ? modelInput.size(1) : -1;
    long w = modelInput.numDimensions() == 4 ? modelInput.size(2) : -1;
    // a size the signature fixes, else the one a reslab export records, else ImageNet's
    ImageBatch images =
        ImageFilesInput.load(
            files,
            h > 0 && w > 0
                ? ImageTransform.resize((int) h, (int) w)
                : recorded.orElse(ImageTransform.resize(224, 224)));
    return new Input(
        images,
        fileNames(),
        unlabelled(),
        null,
        null,
        AnalysisProvenance.DataFacts.files(files.size()));
  }

  private List<String> fileNames() {
    List<String> names = new ArrayList<>();
    for (Path f : files) {
      names.add(f.getFileName().toString().replaceFirst("\\.[^.]+$", ""));
    }
    return names;
  }

  private int[] unlabelled() {
    int[] labels = new int[files.size()];
    Arrays.fill(labels, -1);
    return labels;
  }

  /**
   * A class of --class-names with fewer images than --per-class asks for is said on stderr: the
   * figures would otherwise just lack it.
   */
  private void noteShortClasses(ImageSelection s, List<String> labelNames, String where) {
    for (String c : classes) {
      int index = labelNames.indexOf(c);
      int wanted = index >= 0 ? index : Integer.parseInt(c); // firstOfClasses checked the names
      long found = Arrays.stream(s.labels()).filter(l -> l == wanted).count();
      if (found < perClass) {
        System.err.printf(
            "reslab: %s has %s of class %s%n",
            where, found == 0 ? "no images" : "only " + found + " image(s)", c);
      }
    }
  }

  Input read(InferenceModel m) {
    if (files != null && !files.isEmpty()) {
      if (indices != null || classes != null) {
        throw new IllegalArgumentException(
            "give either --images or images of a data set (--indices, --class-names), "
                + "not both");
      }
      // At the size the run trained at, as predict reads them.
      ImageBatch images =
          ImageFilesInput.load(
              files,
              ImageFilesInput.runTransform(m.config(), m.checkpoint().run().readConfig().data()));
      List<String> labelNames = AnalysisModelOptions.recordedLabels(m);
      if (labelNames == null && data.dataset != null) {
        // A model that records no class names (an imported one): --dataset names them for the
        // titles.
        labelNames = data.open(m).info().labelNames();
      }
      return new Input(
          images,
          fileNames(),
          unlabelled(),
          labelNames,
          null,
          AnalysisProvenance.DataFacts.files(files.size()));
    }
    return fromDataset(m);
  }

  /** Images of the data set split by --indices or --class-names ({@code m} null: a SavedModel). */
  private Input fromDataset(InferenceModel m) {
    ImageDataset ds = data.open(m);
    List<String> labelNames = ds.info().labelNames();
    if (classes != null && ds.info().task() != Task.MULTI_CLASS) {
      throw new IllegalArgumentException(
          ds.info().name() + " is multi-label: pick images with --indices, not " + "--class-names");
    }
    ImageSelection s =
        classes != null
            ? ImageSelection.firstOfClasses(ds, classes, perClass)
            : ImageSelection.byIndex(ds, indices == null ? List.of(0L) : indices);
    if (classes != null) {
      noteShortClasses(s, labelNames, ds.info().name() + "/" + data.split);
    }
    return new Input(
        s.images(),
        s.names(),
        s.labels(),
        labelNames,
        ds.info().normalization(),
        data.facts(m, ds, s.images().batch(), 0));
  }
}
