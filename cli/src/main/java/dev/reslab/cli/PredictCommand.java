package dev.reslab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.reslab.analysis.inputs.ImageFilesInput;
import dev.reslab.data.DataSpec;
import dev.reslab.data.Normalization;
import dev.reslab.data.image.ImagePreprocessor;
import dev.reslab.data.pipeline.ImageTransform;
import dev.reslab.interop.array.FloatArray;
import dev.reslab.interop.export.ExportDescription;
import dev.reslab.interop.savedmodel.ImportedSavedModel;
import dev.reslab.interop.savedmodel.Preprocessing;
import dev.reslab.interop.savedmodel.RankedClass;
import dev.reslab.interop.savedmodel.SignatureInfo;
import dev.reslab.interop.savedmodel.TensorSpec;
import dev.reslab.model.inference.InferenceModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reslab predict --model DIR --image FILE…}: class predictions of a SavedModel (made in
 * Python or exported by reslab) for image files.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Predict classes of image files with a run or a SavedModel and print the top probabilities. A "
          + "run's images are resized and normalised as it was trained; a SavedModel's are resized to the signature's "
          + "input size (a reslab export's as its run's), scaled and normalised as the flags say.",
      "Example (Keras model trained on pixels/255): reslab predict --model cifar10_model --image cat.png "
          + "--pixel-scale 1/255 --labels batches.meta.txt"
    })
final class PredictCommand implements Callable<Integer> {

  @Option(
      names = "--model",
      paramLabel = "DIR",
      required = true,
      description =
          "a run (RUN, RUN/best, RUN/checkpoints/epoch-NNN) or a SavedModel directory (reslab's export or "
              + "any other)")
  Path model;

  @Option(
      names = "--images",
      paramLabel = "FILE",
      arity = "1..*",
      description = "image files (JPEG, PNG, BMP, GIF), one per value or separated by commas")
  void images(List<String> values) {
    images = ImageFileNames.expand(values);
  }

  List<Path> images;

  @Option(names = "--image", hidden = true, arity = "1..*")
  void oldImage(List<String> files) {
    OldSpelling.used("--image", "--images");
    images = ImageFileNames.expand(files);
  }

  @Option(
      names = "--signature",
      paramLabel = "NAME",
      description = "signature to run (default: serving_default, or the only one)")
  String signature;

  @Option(
      names = "--input",
      paramLabel = "KEY",
      description = "input to feed when the signature has several")
  String input;

  @Option(
      names = "--output",
      paramLabel = "KEY",
      description =
          "output to read when the signature has several (default: probabilities where there is one)")
  String output;

  @Option(
      names = "--pixel-scale",
      paramLabel = "S",
      defaultValue = "1",
      description = "multiplies raw 0-255 pixels first, e.g. 1/255 (default: ${DEFAULT-VALUE})")
  String pixelScale;

  @Option(
      names = "--mean",
      paramLabel = "R,G,B",
      split = ",",
      description = "per-channel mean subtracted after scaling")
  List<Float> mean;

  @Option(
      names = "--std",
      paramLabel = "R,G,B",
      split = ",",
      description = "per-channel std divided by after that")
  List<Float> std;

  @Option(
      names = "--size",
      paramLabel = "H,W",
      split = ",",
      description =
          "input height and width when the signature does not fix them (a reslab export records"
              + " its run's)")
  List<Integer> size;

  @Option(names = "--labels", paramLabel = "FILE", description = "class names, one per line")
  Path labels;

  @Option(
      names = "--top-k",
      paramLabel = "K",
      description = "classes shown per image (default: ${DEFAULT-VALUE})")
  int top = 5;

  @Option(names = "--top", hidden = true)
  void oldTop(int count) {
    OldSpelling.used("--top", "--top-k");
    top = count;
  }

  @Option(names = "--json", description = "print JSON instead of text")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (images == null || images.isEmpty()) {
      throw new IllegalArgumentException("no images: give image files with --images FILE...");
    }
    if (!Files.isRegularFile(model.resolve("saved_model.pb"))) {
      return predictWithRun();
    }
    Preprocessing preprocessing =
        new Preprocessing(Preprocessing.parseScale(pixelScale), floats(mean), floats(std));
    List<String> names =
        labels == null
            ? ExportDescription.read(model).map(ExportDescription::classNames).orElse(List.of())
            : Files.readAllLines(labels).stream()
                .filter(l -> !l.isBlank())
                .map(String::trim)
                .toList();
    try (ImportedSavedModel m = ImportedSavedModel.load(model)) {
      String sig = signature != null ? signature : m.defaultSignature();
      SignatureInfo info = m.signature(sig);
      String in = input != null ? input : single(info.inputs(), "input", "--input");
      // Probabilities unless the signature has only something else: --output only chooses among
      // several.
      String out =
          output != null
              ? output
              : info.outputs().containsKey("probabilities")
                  ? "probabilities"
                  : single(info.outputs(), "output", "--output");
      ImageTransform transform = savedModelTransform(info.inputs().get(in));
      // Raw 0-255 pixels out of the shared image reader (Normalization divides by 255; std 1/255
      // undoes it), so the
      // --pixel-scale/--mean/--std flags alone decide what the model sees.
      ImagePreprocessor reader =
          new ImagePreprocessor(
              transform,
              new Normalization(new float[] {0, 0, 0}, new float[] {1 / 255f, 1 / 255f, 1 / 255f}));
      FloatArray pixels =
          new FloatArray(
              new long[] {images.size(), transform.height(), transform.width(), 3},
              reader.loadNhwc(images));
      FloatArray scores = m.run(sig, in, out, pixels, preprocessing);
      print(RankedClass.topK(scores, top), names);
    }
    return 0;
  }

  /**
   * A run ({@code RUN}, {@code RUN/best}, {@code RUN/checkpoints/epoch-NNN}): its probabilities,
   * images resized and normalised as the run recorded, class names from the run.
   */
  private int predictWithRun() throws IOException {
    if (signature != null || input != null || output != null) {
      throw new IllegalArgumentException(
          "--signature, --input and --output choose among a SavedModel's tensors; "
              + model
              + " is a run, whose output is its probabilities");
    }
    try (InferenceModel m = InferenceModel.load(model)) {
      Map<String, Object> data = m.checkpoint().run().readConfig().data();
      Normalization norm = DataSpec.recordedNormalization(data);
      ImageTransform transform =
          size != null
              ? transformFor(inputSize(new TensorSpec("images", "images", "DT_FLOAT", null)))
              : ImageFilesInput.runTransform(m.config(), data);
      int[] hw = {transform.height(), transform.width()};
      ImagePreprocessor reader =
          new ImagePreprocessor(transform, norm != null ? norm : Normalization.NONE);
      float[] pixels = reader.loadNhwc(images);
      int k = m.config().classes();
      float[] p = m.probabilities(pixels, images.size(), hw[0], hw[1]);
      List<String> names =
          labels != null
              ? Files.readAllLines(labels).stream()
                  .filter(l -> !l.isBlank())
                  .map(String::trim)
                  .toList()
              : data.get("labels") instanceof List<?> l
                  ? l.stream().map(String::valueOf).toList()
                  : List.of();
      print(RankedClass.topK(new FloatArray(new long[] {images.size(), k}, p), top), names);
    }
    return 0;
  }

  private static ImageTransform transformFor(int[] hw) {
    return ImageFilesInput.transformFor(hw[0], hw[1]);
  }

  private void print(List<List<RankedClass>> ranked, List<String> names) throws IOException {
    PrintWriter w = spec.commandLine().getOut();
    if (json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < ranked.size(); i++) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("image", images.get(i).toString());
        List<Map<String, Object>> classes = new ArrayList<>();
        for (RankedClass r : ranked.get(i)) {
          Map<String, Object> c = new LinkedHashMap<>();
          c.put("class", r.index());
          if (r.index() < names.size()) {
            c.put("label", names.get(r.index()));
          }
          c.put("score", r.score());
          classes.add(c);
        }
        row.put("top", classes);
        rows.add(row);
      }
      w.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
    } else {
      for (int i = 0; i < ranked.size(); i++) {
        w.println(images.get(i));
        for (RankedClass r : ranked.get(i)) {
          w.printf(
              "  %4d  %-20s %.4f%n",
              r.index(), r.index() < names.size() ? names.get(r.index()) : "", r.score());
        }
      }
    }
    w.flush();
  }

  /**
   * A SavedModel's images: at --size, else at the size its signature fixes, else as a reslab export
   * records (its run's size and reading), else nothing to go by.
   */
  private ImageTransform savedModelTransform(TensorSpec spec) {
    long[] shape = spec.shape();
    boolean fixed = shape != null && shape.length == 4 && shape[1] > 0 && shape[2] > 0;
    if (size == null && !fixed && (shape == null || shape.length == 4)) {
      return ExportImageTransform.of(model)
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      ExportImageTransform.whySizeNeeded(model, spec.key(), "--size H,W")));
    }
    int[] hw = inputSize(spec);
    return ImageTransform.resize(hw[0], hw[1]);
  }

  private int[] inputSize(TensorSpec spec) {
    long[] shape = spec.shape();
    if (shape != null && shape.length != 4) {
      throw new IllegalArgumentException(
          "input '"
              + spec.key()
              + "' has rank "
              + shape.length
              + "; predict feeds images as [N, H, W, 3]");
    }
    if (size != null) {
      if (size.size() != 2) {
        throw new IllegalArgumentException("--size takes height,width, got " + size);
      }
      return new int[] {size.get(0), size.get(1)};
    }
    if (shape == null || shape[1] < 1 || shape[2] < 1) {
      throw new IllegalArgumentException(
          "input '" + spec.key() + "' does not fix the image size; give --size H,W");
    }
    return new int[] {(int) shape[1], (int) shape[2]};
  }

  private static String single(Map<String, TensorSpec> specs, String kind, String flag) {
    if (specs.size() != 1) {
      throw new IllegalArgumentException(
          "the signature has "
              + specs.size()
              + " "
              + kind
              + "s ("
              + String.join(", ", specs.keySet())
              + "); choose one with "
              + flag);
    }
    return specs.keySet().iterator().next();
  }

  private static float[] floats(List<Float> values) {
    if (values == null) {
      return new float[0];
    }
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
