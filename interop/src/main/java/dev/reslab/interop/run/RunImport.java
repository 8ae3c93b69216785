package dev.reslab.interop.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.reslab.IoReason;
import dev.reslab.ReslabException;
import dev.reslab.interop.checkpoint.TfCheckpoint;
import dev.reslab.interop.download.WeightsDownloader;
import dev.reslab.interop.torch.StateDict;
import dev.reslab.interop.torch.TorchCheckpoint;
import dev.reslab.interop.weights.ImportOptions;
import dev.reslab.interop.weights.NameMap;
import dev.reslab.interop.weights.TfWeightMapping;
import dev.reslab.interop.weights.TorchWeightMapping;
import dev.reslab.interop.weights.VariableAssigner;
import dev.reslab.interop.weights.VariableValues;
import dev.reslab.lock.RunLock;
import dev.reslab.model.layers.CallContext;
import dev.reslab.model.resnet.ResNet;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.resnet.Stem;
import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Writes imported weights (PyTorch state dicts, TensorFlow checkpoints) as a reslab run directory,
 * in the layout the training engine writes:
 *
 * <pre>
 * RUN/config.json                        the model configuration ({@link ResNetConfig#toJson()})
 * RUN/import.json                        where the weights came from: file, format, options, skipped variables
 * RUN/checkpoints/epoch-000/ckpt.index   TF checkpoint of the model's variables (Session.save), names
 * RUN/checkpoints/epoch-000/ckpt.data-00000-of-00001   {@code <layer>/<role>}, e.g. {@code layer1.0.conv1/kernel}
 * RUN/checkpoints/epoch-000/checkpoint   state file, so Python's tf.train.load_checkpoint(dir) finds the prefix
 * RUN/checkpoints/epoch-000/state.json   {"epoch": 0, "metrics": {}}, written last: the checkpoint is complete
 * </pre>
 *
 * The epoch directory is written under a temporary name and renamed into place whole.
 */
public final class RunImport {
  /** The checkpoint prefix inside an epoch directory (as the training engine names it). */
  public static final String CHECKPOINT_PREFIX = "ckpt";

  /** How many stages an import reports: building, checking and assigning, writing. */
  public static final int STAGES = 3;

  /** What {@link #architectureOf}'s error ends with before its remedy, for callers to replace. */
  public static final String GIVE_ARCHITECTURE = "; give its architecture";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunImport() {}

  /**
   * The configuration {@code base} with the stem and number of classes the state dict implies (a
   * 7×7 {@code conv1} is the ImageNet stem, the head's rows are the classes), unless the caller
   * fixed them.
   */
  public static ResNetConfig inferFromWeights(
      StateDict stateDict, ResNetConfig base, boolean stemGiven, boolean classesGiven) {
    ResNetConfig.Builder b = base.toBuilder();
    if (!stemGiven
        && stateDict.contains("conv1.weight")
        && stateDict.get("conv1.weight").shape().length == 4) {
      long k = stateDict.get("conv1.weight").shape()[2];
      b.stem(k == 7 ? Stem.IMAGENET : Stem.CIFAR);
    }
    if (!classesGiven) {
      for (String head : new String[] {"fc.weight", "linear.weight"}) {
        if (stateDict.contains(head) && stateDict.get(head).shape().length == 2) {
          b.classes((int) stateDict.get(head).shape()[0]);
        }
      }
    }
    return b.build();
  }

  /**
   * The architecture a PyTorch state dict shows: the preset its blocks per stage and stem width
   * match (torchvision's ResNet-18, He et al.'s ResNet-20 … 56), with the file's stem and number of
   * classes. A file that matches no preset (another width or depth) is an error naming what the
   * file holds; build its {@link ResNetConfig} and pass it to {@link #fromTorch(Path, ResNetConfig,
   * ImportOptions, Path)}.
   */
  public static ResNetConfig architectureOf(StateDict stateDict) {
    ResNetPreset preset =
        TorchWeightMapping.matchingPreset(stateDict)
            .orElseThrow(
                () ->
                    new ReslabException(
                        "state dict "
                            + stateDict.source()
                            + " matches no ResNet preset: it has "
                            + TorchWeightMapping.describe(stateDict)
                            + "; expected "
                            + presetShapes()
                            + GIVE_ARCHITECTURE
                            + " as a ResNetConfig"));
    return inferFromWeights(stateDict, preset.config(), false, false);
  }

  /** The presets' blocks per stage and stem widths: {@code resnet18 [2, 2, 2, 2] from 64, …}. */
  private static String presetShapes() {
    List<String> shapes = new ArrayList<>();
    for (ResNetPreset p : ResNetPreset.values()) {
      shapes.add(p + " " + p.config().depths() + " from " + p.config().widths().get(0));
    }
    return "blocks per stage and stem channels of a preset: " + String.join(", ", shapes);
  }

  /**
   * Imports a PyTorch checkpoint ({@code .pth}/{@code .th}, either container) into the architecture
   * it shows ({@link #architectureOf}) and writes the run directory {@code root}, which records the
   * normalisation PyTorch's ResNets expect (ImageNet's mean and std), so evaluation, analyses and
   * export preprocess as the weights were trained.
   */
  public static ImportedRun fromTorch(Path checkpoint, Path root) {
    StateDict stateDict = TorchCheckpoint.read(checkpoint);
    return fromTorch(stateDict, architectureOf(stateDict), ImportOptions.STRICT, root);
  }

  /**
   * Imports {@code checkpoint} into a model of {@code config} and writes the run directory {@code
   * root}.
   */
  public static ImportedRun fromTorch(
      Path checkpoint, ResNetConfig config, ImportOptions options, Path root) {
    return fromTorch(TorchCheckpoint.read(checkpoint), config, options, root);
  }

  /**
   * As {@link #fromTorch(Path, ResNetConfig, ImportOptions, Path)} for a state dict already read.
   */
  public static ImportedRun fromTorch(
      StateDict stateDict, ResNetConfig config, ImportOptions options, Path root) {
    return fromTorch(stateDict, config, options, root, stage -> {});
  }

  /**
   * As {@link #fromTorch(StateDict, ResNetConfig, ImportOptions, Path)}, telling {@code stages} the
   * name of each of its {@value #STAGES} stages as it starts (loading TensorFlow and writing a
   * large checkpoint take seconds).
   */
  public static ImportedRun fromTorch(
      StateDict stateDict,
      ResNetConfig config,
      ImportOptions options,
      Path root,
      Consumer<String> stages) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("source", stateDict.source().toAbsolutePath().toString());
    p.put("sha256", WeightsDownloader.sha256(stateDict.source()));
    p.put("format", "pytorch state dict");
    p.put("tensors", stateDict.size());
    p.put("allow_missing_head", options.allowMissingHead());
    return write(
        root, config, model -> TorchWeightMapping.map(stateDict, model, options), p, stages);
  }

  /**
   * Imports a TensorFlow checkpoint (a prefix, a directory with a {@code checkpoint} file, or a
   * SavedModel directory) through {@code names} into a model of {@code config} and writes the run
   * directory {@code root}.
   */
  public static ImportedRun fromTensorFlow(
      Path checkpoint, NameMap names, ResNetConfig config, ImportOptions options, Path root) {
    return fromTensorFlow(checkpoint, names, config, options, root, stage -> {});
  }

  /**
   * As {@link #fromTensorFlow(Path, NameMap, ResNetConfig, ImportOptions, Path)}, telling {@code
   * stages} the name of each of its {@value #STAGES} stages as it starts.
   */
  public static ImportedRun fromTensorFlow(
      Path checkpoint,
      NameMap names,
      ResNetConfig config,
      ImportOptions options,
      Path root,
      Consumer<String> stages) {
    TfCheckpoint ckpt = TfCheckpoint.open(checkpoint);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("source", ckpt.prefix().toAbsolutePath().toString());
    p.put("format", "tensorflow checkpoint");
    p.put("tensors", ckpt.variables().size());
    p.put("name_map", names.entries());
    p.put("allow_missing_head", options.allowMissingHead());
    return write(
        root,
        config,
        model -> TfWeightMapping.map(ckpt, model.variables(), names, options),
        p,
        stages);
  }

  /**
   * Builds the model, takes its values from {@code source} (which checks them) and writes the run
   * directory.
   */
  private static ImportedRun write(
      Path root,
      ResNetConfig config,
      Function<ResNet, VariableValues> source,
      Map<String, Object> provenance,
      Consumer<String> stages) {
    boolean fresh = !Files.exists(root);
    // refuses a folder of other files before anything is written into it
    RunDirectory run = RunDirectory.create(root);
    try (RunLock lock = RunLock.acquire(run.root(), "imported into")) {
      try {
        return write(root, run, config, source, provenance, stages);
      } catch (RuntimeException e) {
        if (fresh) {
          deleteTree(root); // weights that do not fit leave no folder behind
        }
        throw e;
      }
    }
  }

  private static ImportedRun write(
      Path root,
      RunDirectory run,
      ResNetConfig config,
      Function<ResNet, VariableValues> source,
      Map<String, Object> provenance,
      Consumer<String> stages) {
    Path epochDir = root.resolve("checkpoints").resolve("epoch-000");
    if (Files.exists(root.resolve("config.json")) || Files.exists(epochDir)) {
      throw new ReslabException(
          root + " already holds a run; choose a new directory for the import");
    }
    Path tmp =
        root.resolve("checkpoints").resolve(".epoch-000.tmp-" + ProcessHandle.current().pid());
    VariableValues values;
    stages.accept("building the model (loads TensorFlow)");
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      int size = config.stem().defaultInputSize();
      ResNet model = ResNet.build(config);
      model.apply(
          tf,
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 3))),
          CallContext.inference(tf));
      stages.accept("checking and assigning the weights");
      values = source.apply(model); // checks everything before a file is written
      s.initialize();
      new VariableAssigner(tf, model.variables()).assign(s, values);
      stages.accept("writing the checkpoint");
      Files.createDirectories(tmp);
      s.save(tmp.resolve(CHECKPOINT_PREFIX).toString());
      Files.writeString(
          tmp.resolve("checkpoint"),
          "model_checkpoint_path: \""
              + CHECKPOINT_PREFIX
              + "\"\nall_model_checkpoint_paths: \""
              + CHECKPOINT_PREFIX
              + "\"\n");
      Files.writeString(
          tmp.resolve("state.json"),
          JSON.writeValueAsString(Map.of("epoch", 0, "metrics", Map.of())));
      // A run configuration like a trained run's, without training; the normalisation the weights
      // expect lets
      // export and the analysis commands preprocess as the model was trained.
      run.writeConfig(
          new RunConfig(
              config,
              null,
              dataDescription(provenance),
              Map.of(
                  "tensorflow", TensorFlow.version(), "java", System.getProperty("java.version")),
              Instant.now().toString()));
      Map<String, Object> p = new LinkedHashMap<>(provenance);
      p.put("imported_variables", values.values().size());
      p.put("skipped_variables", values.skipped());
      p.put("tensorflow", TensorFlow.version());
      Files.writeString(root.resolve("import.json"), JSON.writeValueAsString(p));
      Files.move(tmp, epochDir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteTree(tmp);
      throw new ReslabException(
          "cannot write the run directory " + root + ": " + IoReason.of(e), e);
    }
    return new ImportedRun(
        root,
        config,
        epochDir.resolve(CHECKPOINT_PREFIX),
        values.values().size(),
        values.skipped());
  }

  /**
   * torchvision's ImageNet weights and He et al.'s CIFAR ResNets both expect pixels / 255
   * normalised with the ImageNet mean and standard deviation; for TensorFlow checkpoints it is not
   * known. {@code provenance} needs only its {@code format}.
   */
  public static Map<String, Object> dataDescription(Map<String, Object> provenance) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("source", "import");
    if (String.valueOf(provenance.get("format")).startsWith("pytorch")) {
      data.put(
          "normalization",
          Map.of("mean", List.of(0.485f, 0.456f, 0.406f), "std", List.of(0.229f, 0.224f, 0.225f)));
    }
    return data;
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a leftover temporary directory is harmless
    }
  }
}
