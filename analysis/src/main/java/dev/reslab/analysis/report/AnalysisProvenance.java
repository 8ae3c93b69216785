package dev.reslab.analysis.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.reslab.analysis.inputs.ModelNormalization;
import dev.reslab.data.Normalization;
import dev.reslab.interop.weights.WeightSource;
import dev.reslab.model.engine.Precision;
import dev.reslab.model.engine.SessionOptions;
import dev.reslab.model.io.AtomicFiles;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.training.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What made a folder of analysis results ({@code per-class}, {@code robustness}, {@code gradcam} …
 * {@code --out DIR}): the command and its arguments, the model as given and as resolved (run,
 * epoch, sha256 of the weights), the precision asked for and in effect, the data and the input
 * normalisation. Written as {@value #FILE} beside the results, so a report can say which model a
 * folder belongs to; folders from before it existed have none ({@link #read} is then empty).
 *
 * @param command the command's name, e.g. {@code per-class}
 * @param arguments its arguments as given
 * @param versions reslab, TensorFlow and Java versions
 * @param created when the results were written (UTC, ISO-8601)
 * @param model the model that made them
 * @param baseline a second model run over the same data (robustness' mCE baseline), or null
 * @param baselinePrecision the precision the baseline ran in (robustness runs it in the model's;
 *     folders made before ran it in fp32), or null without a baseline or in records from before it
 *     was kept
 * @param precision the precision asked for and in effect
 * @param data the images, or null when the command reads none (filters)
 * @param normalization the input preprocessing, or null when no images went through the model
 * @param earlier the records of other commands whose results are in the same folder (newest first),
 *     so that gradcam and occlusion written into one folder both stay on record
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnalysisProvenance(
    String command,
    List<String> arguments,
    Map<String, String> versions,
    String created,
    ModelFacts model,
    ModelFacts baseline,
    PrecisionFacts baselinePrecision,
    PrecisionFacts precision,
    DataFacts data,
    NormalizationFacts normalization,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<AnalysisProvenance> earlier) {

  public AnalysisProvenance {
    earlier = earlier == null ? List.of() : List.copyOf(earlier);
  }

  /** The file's name in a results folder. */
  public static final String FILE = "analysis.json";

  /**
   * Where {@link #setAside} keeps the folder's records while a command writes into it: hidden, so
   * no report reads it as a record of the files beside it.
   */
  static final String SET_ASIDE = ".analysis.json.unfinished";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** A record of work done now with this reslab, TensorFlow and Java. */
  public static AnalysisProvenance now(
      String command,
      List<String> arguments,
      ModelFacts model,
      ModelFacts baseline,
      PrecisionFacts baselinePrecision,
      PrecisionFacts precision,
      DataFacts data,
      NormalizationFacts normalization) {
    return new AnalysisProvenance(
        command,
        List.copyOf(arguments),
        Trainer.versions(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        model,
        baseline,
        baselinePrecision,
        precision,
        data,
        normalization,
        List.of());
  }

  /**
   * The model that made results.
   *
   * @param given the model argument as the user gave it
   * @param kind {@code run} (a checkpoint of a run directory) or {@code savedmodel}
   * @param path the run's root, or the SavedModel's folder (absolute)
   * @param epoch the checkpoint's epoch (runs only)
   * @param weights the checkpoint prefix, or the SavedModel's variables prefix (absolute)
   * @param sha256 SHA-256 of the weights files, as {@link WeightSource#checkpointSha256} hashes a
   *     checkpoint
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ModelFacts(
      String given, String kind, String path, Integer epoch, String weights, String sha256) {
    public static final String RUN = "run";
    public static final String SAVED_MODEL = "savedmodel";

    /** A run's checkpoint, hashed. */
    public static ModelFacts of(Path given, RunDirectory.Checkpoint checkpoint) {
      return new ModelFacts(
          given.toString(),
          RUN,
          checkpoint.run().root().toAbsolutePath().normalize().toString(),
          checkpoint.epoch(),
          checkpoint.prefix().toAbsolutePath().normalize().toString(),
          WeightSource.checkpointSha256(checkpoint.prefix()));
    }

    /**
     * A SavedModel folder: its variables checkpoint hashed the same way (none for a SavedModel
     * whose graph holds its weights as constants).
     */
    public static ModelFacts savedModel(Path given) {
      Path dir = given.toAbsolutePath().normalize();
      Path variables = dir.resolve("variables").resolve("variables");
      boolean hasVariables = Files.isRegularFile(variables.resolveSibling("variables.index"));
      return new ModelFacts(
          given.toString(),
          SAVED_MODEL,
          dir.toString(),
          null,
          hasVariables ? variables.toString() : null,
          hasVariables ? WeightSource.checkpointSha256(variables) : null);
    }

    boolean isRun() {
      return RUN.equals(kind);
    }
  }

  /**
   * The precision asked for and the one in effect.
   *
   * @param fallback why the two differ, or null
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PrecisionFacts(String requested, String effective, String fallback) {

    /** What a model's session options say. */
    public static PrecisionFacts of(SessionOptions options) {
      return new PrecisionFacts(
          options.requested().toString(),
          options.precision().toString(),
          options.fallback().orElse(null));
    }

    /** A SavedModel runs as it was saved, in float32: reslab does not rewrite its graph. */
    public static PrecisionFacts savedModel(Precision requested) {
      return new PrecisionFacts(
          requested.toString(),
          Precision.FP32.toString(),
          requested == Precision.FP32 ? null : "a SavedModel runs as it was saved, in float32");
    }
  }

  /**
   * The images the results were computed on.
   *
   * @param dataset the data set's name, or null for image files
   * @param folder the data set's folder (null for generated data or image files)
   * @param split its split
   * @param images how many images went through the model
   * @param limit the limit asked for (0: all)
   * @param subsetSeed the seed of the fixed random subset a limit takes, or null
   * @param files image files given instead of a data set (how many), or null
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DataFacts(
      String dataset,
      String folder,
      String split,
      long images,
      long limit,
      Long subsetSeed,
      Integer files) {

    /**
     * A split of a data set: all of it ({@code limit} 0), or a subset of {@code limit} images drawn
     * with the data's subset seed, as {@code eval --limit --subset-seed} draws it.
     */
    public static DataFacts split(
        String dataset, String folder, String split, long images, long limit, long subsetSeed) {
      return new DataFacts(
          dataset,
          folder == null ? null : Path.of(folder).toAbsolutePath().normalize().toString(),
          split,
          images,
          Math.max(0, limit),
          limit > 0 ? subsetSeed : null,
          null);
    }

    /** Image files given one by one. */
    public static DataFacts files(int count) {
      return new DataFacts(null, null, null, count, 0, null, count);
    }

    /** {@code cifar10/test}, or {@code 3 image files}. */
    String describe() {
      if (dataset == null) {
        return images + (images == 1 ? " image file" : " image files");
      }
      return dataset
          + "/"
          + split
          + ", "
          + images
          + (images == 1 ? " image" : " images")
          + (subsetSeed != null ? " (a fixed random subset, seed " + subsetSeed + ")" : "");
    }
  }

  /**
   * The input preprocessing: per-channel statistics after scaling to [0, 1], or a SavedModel's
   * pixel scale.
   *
   * @param name imagenet, cifar10, half, none or custom; null for a SavedModel
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NormalizationFacts(String name, float[] mean, float[] std, Float pixelScale) {

    public static NormalizationFacts of(Normalization n) {
      return new NormalizationFacts(ModelNormalization.name(n), n.mean(), n.std(), null);
    }

    public static NormalizationFacts pixelScale(float scale) {
      return new NormalizationFacts(null, null, null, scale);
    }

    String describe() {
      if (name == null) {
        return "pixels × " + pixelScale + " (the SavedModel's own preprocessing follows)";
      }
      return name + " (mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std) + ")";
    }
  }

  /**
   * Writes {@value #FILE} into {@code dir} atomically. The records of other commands already there
   * are kept under {@link #earlier}; this command's own earlier record is replaced, as its results
   * are.
   */
  public Path write(Path dir) {
    Path file = dir.resolve(FILE);
    List<AnalysisProvenance> kept = new ArrayList<>();
    try {
      read(dir)
          .or(() -> readFile(dir.resolve(SET_ASIDE)))
          .map(AnalysisProvenance::all)
          .orElse(List.of())
          .stream()
          .filter(r -> r.command() != null && !r.command().equals(command))
          .forEach(kept::add);
    } catch (IllegalArgumentException unreadable) {
      // a broken record describes nothing worth keeping; this one replaces it
    }
    AnalysisProvenance record = withEarlier(kept);
    try {
      AtomicFiles.writeString(file, JSON.writeValueAsString(record) + "\n");
      Files.deleteIfExists(dir.resolve(SET_ASIDE));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return file;
  }

  /**
   * To call before a command writes results into {@code dir}: the record there describes the files
   * the command is about to replace, so it is moved aside (one atomic rename) and a command that
   * fails half-way leaves no record claiming the folder. {@link #write} brings the other commands'
   * records back when the command succeeds.
   */
  public static void setAside(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return; // nothing to set aside, or set aside already by a command that failed
    }
    try {
      AtomicFiles.move(file, dir.resolve(SET_ASIDE));
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot set aside " + file + " before writing results: " + e.getMessage(), e);
    }
  }

  /** Whether a command that was writing into {@code dir} did not finish ({@link #setAside}). */
  static boolean unfinished(Path dir) {
    return !Files.isRegularFile(dir.resolve(FILE)) && Files.isRegularFile(dir.resolve(SET_ASIDE));
  }

  /**
   * The record in {@code dir}, or empty when it has none (results written before reslab kept one).
   * An unreadable file is an error naming it.
   */
  public static Optional<AnalysisProvenance> read(Path dir) {
    return readFile(dir.resolve(FILE));
  }

  private static Optional<AnalysisProvenance> readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), AnalysisProvenance.class));
    } catch (IOException e) {
      if (Files.notExists(file)) {
        return Optional.empty(); // set aside since it was seen by a command starting to write
      }
      throw new IllegalArgumentException(
          file
              + " is not a record of an analysis: "
              + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private AnalysisProvenance withoutEarlier() {
    return withEarlier(List.of());
  }

  private AnalysisProvenance withEarlier(List<AnalysisProvenance> records) {
    return new AnalysisProvenance(
        command,
        arguments,
        versions,
        created,
        model,
        baseline,
        baselinePrecision,
        precision,
        data,
        normalization,
        records);
  }

  /** This record and the earlier ones of the same folder, newest first. */
  public List<AnalysisProvenance> all() {
    List<AnalysisProvenance> all = new ArrayList<>();
    all.add(withoutEarlier());
    all.addAll(earlier);
    return all;
  }

  /** bf16 in effect. */
  public boolean bf16() {
    return precision != null && Precision.BF16.toString().equals(precision.effective());
  }

  /** The facts as key/value rows for a report, the model first. */
  List<List<String>> rows() {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("made by", madeBy()));
    if (model != null && model.sha256() != null) {
      rows.add(List.of("weights sha256", model.sha256()));
    }
    if (baseline != null) {
      rows.add(List.of("baseline model", describe(baseline) + baselinePrecisionText()));
    }
    if (precision != null) {
      rows.add(List.of("precision", precisionText()));
    }
    if (data != null) {
      rows.add(
          List.of(
              "data",
              data.describe() + (data.folder() == null ? "" : " from `" + data.folder() + "`")));
    }
    if (normalization != null) {
      rows.add(List.of("input normalisation", normalization.describe()));
    }
    if (arguments != null) {
      rows.add(List.of("command", "`reslab " + command + " " + String.join(" ", arguments) + "`"));
    }
    rows.add(
        List.of(
            "written",
            created
                + (versions == null || versions.get("reslab") == null
                    ? ""
                    : " by reslab "
                        + versions.get("reslab")
                        + (versions.containsKey("tensorflow")
                            ? ", TensorFlow " + versions.get("tensorflow")
                            : ""))));
    return rows;
  }

  /**
   * {@code `reslab per-class` on `runs/r20`, epoch 1 (sha256 0123456789ab…), bf16, cifar10/test,
   * 932 images}.
   */
  String madeBy() {
    StringBuilder s = new StringBuilder("`reslab " + command + "`");
    if (model != null) {
      s.append(" on ").append(describe(model));
    }
    if (precision != null) {
      s.append(", ").append(precision.effective());
    }
    if (data != null) {
      s.append(", ").append(data.describe());
    }
    return s.toString();
  }

  private static String describe(ModelFacts m) {
    if (!m.isRun()) {
      return "the SavedModel `"
          + m.given()
          + "`"
          + (m.sha256() == null ? "" : " (sha256 " + AnalysisOrigins.shortHash(m.sha256()) + ")");
    }
    return "`"
        + m.given()
        + "`, epoch "
        + m.epoch()
        + " (sha256 "
        + AnalysisOrigins.shortHash(m.sha256())
        + ")";
  }

  /**
   * {@code , computed in fp32}, and when the model ran in another precision that the ratios against
   * the baseline mix two precisions; empty when the record does not say.
   */
  String baselinePrecisionText() {
    if (baselinePrecision == null) {
      return "";
    }
    String text = ", computed in " + baselinePrecision.effective();
    if (precision != null && !precision.effective().equals(baselinePrecision.effective())) {
      text +=
          " (the model in "
              + precision.effective()
              + ": CE and mCE compare errors made in two precisions)";
    }
    return text;
  }

  /** {@code bf16 (mixed: …)}, or {@code fp32 (bf16 requested: why not)}. */
  String precisionText() {
    String text = RunSection.precision(Precision.parse(precision.effective()));
    if (!precision.effective().equals(precision.requested())) {
      text +=
          " ("
              + precision.requested()
              + " requested"
              + (precision.fallback() == null ? "" : ": " + precision.fallback())
              + ")";
    }
    return text;
  }
}
