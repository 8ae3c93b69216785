package dev.reslab.interop.weights;

import dev.reslab.IoReason;
import dev.reslab.ReslabException;
import dev.reslab.interop.checkpoint.TfCheckpoint;
import dev.reslab.interop.download.PretrainedWeights;
import dev.reslab.interop.download.WeightsDownloader;
import dev.reslab.interop.run.RunImport;
import dev.reslab.interop.torch.StateDict;
import dev.reslab.interop.torch.TorchCheckpoint;
import dev.reslab.model.layers.CallContext;
import dev.reslab.model.layers.ModelVariable;
import dev.reslab.model.resnet.ResNet;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.training.InitialWeights;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Where a training run's initial weights come from: a run directory (its best epoch), one of its
 * checkpoints, a TensorFlow checkpoint folder, a PyTorch file ({@code .pth}/{@code .th},
 * torchvision or He et al. names, as {@link RunImport} reads them) or published weights ({@code
 * torchvision:resnet18}, downloaded and hash-checked). Every model variable is taken from the
 * source except the layers named in {@code reinit}, which keep their fresh values; a head that does
 * not fit the model is a {@link HeadMismatchException} naming the tensors.
 *
 * <pre>{@code
 * WeightSource init = WeightSource.open("runs/r20", cache, bytes -> {}).reinitialising(List.of("fc"));
 * Trainer.builder(init.architecture(base, false), training).initialWeights(init) ...
 * }</pre>
 */
public final class WeightSource implements InitialWeights {
  /** What a user types for published weights: {@code torchvision:resnet18}. */
  public static final String TORCHVISION = "torchvision:";

  private final String spec;
  private final Path file;
  private final String format;
  private final StateDict stateDict;
  private final TfCheckpoint checkpoint;
  private final ResNetConfig runModel;
  private final Map<String, Object> runData;
  private final List<String> reinit;
  private String sha256;

  private WeightSource(
      String spec,
      Path file,
      String format,
      StateDict stateDict,
      TfCheckpoint checkpoint,
      ResNetConfig runModel,
      Map<String, Object> runData,
      List<String> reinit) {
    this.spec = spec;
    this.file = file;
    this.format = format;
    this.stateDict = stateDict;
    this.checkpoint = checkpoint;
    this.runModel = runModel;
    this.runData = runData;
    this.reinit = List.copyOf(reinit);
  }

  /**
   * The source {@code spec} names: {@code torchvision:NAME} (fetched into {@code cache}, {@code
   * progress} gets the bytes received), a PyTorch file, a run directory, {@code RUN/best}, {@code
   * RUN/checkpoints/epoch-NNN} or a TensorFlow checkpoint folder.
   */
  public static WeightSource open(String spec, Path cache, LongConsumer progress) {
    if (spec.startsWith(TORCHVISION)) {
      PretrainedWeights w = PretrainedWeights.torchvision(spec.substring(TORCHVISION.length()));
      Path f = new WeightsDownloader().fetch(w, cache, progress);
      return new WeightSource(
          spec,
          f,
          "torchvision " + w.name() + " (" + w.url() + ")",
          TorchCheckpoint.read(f),
          null,
          null,
          null,
          List.of());
    }
    Path p = Path.of(spec);
    if (Files.isRegularFile(p)) {
      return new WeightSource(
          spec, p, "pytorch state dict", TorchCheckpoint.read(p), null, null, null, List.of());
    }
    if (!Files.isDirectory(p)) {
      throw new ReslabException(
          "initial weights "
              + spec
              + " do not exist; expected a run directory, a "
              + "checkpoint folder, a PyTorch .pth/.th file or "
              + TORCHVISION
              + String.join(
                  "|",
                  PretrainedWeights.TORCHVISION.stream().map(PretrainedWeights::name).toList()));
    }
    if (Files.isRegularFile(p.resolve("config.json")) || isRunCheckpoint(p)) {
      RunDirectory.Checkpoint cp = RunDirectory.resolve(p);
      return new WeightSource(
          spec,
          cp.prefix(),
          "reslab run checkpoint (epoch " + cp.epoch() + ")",
          null,
          TfCheckpoint.open(cp.prefix()),
          cp.run().readConfig().model(),
          cp.run().readConfig().data(),
          List.of());
    }
    TfCheckpoint ckpt = TfCheckpoint.open(p);
    return new WeightSource(
        spec, ckpt.prefix(), "tensorflow checkpoint", null, ckpt, null, null, List.of());
  }

  private static boolean isRunCheckpoint(Path p) {
    Path dir = p.toAbsolutePath().normalize();
    Path root = dir.getParent() == null ? null : dir.getParent().getParent();
    return root != null && Files.isRegularFile(root.resolve("config.json"));
  }

  /**
   * This source with the layers under {@code prefixes} left at their fresh values ({@code fc}: a
   * new head).
   */
  public WeightSource reinitialising(List<String> prefixes) {
    return new WeightSource(spec, file, format, stateDict, checkpoint, runModel, runData, prefixes);
  }

  /**
   * How the source's weights saw their data, as a run's config.json records it ({@code
   * normalization.mean/std} especially): a run's own description, ImageNet statistics for PyTorch
   * files, nothing known for other checkpoints.
   */
  public Map<String, Object> trainedData() {
    return runData != null
        ? runData
        : RunImport.dataDescription(Map.of("format", stateDict != null ? "pytorch" : "tensorflow"));
  }

  /** What the user named: a path or {@code torchvision:NAME}. */
  public String spec() {
    return spec;
  }

  /**
   * The model this source was made for, with {@code base}'s settings where the source does not show
   * them.
   */
  public ResNetConfig architecture(ResNetConfig base) {
    if (runModel != null) {
      return runModel;
    }
    if (stateDict != null) {
      ResNetConfig b =
          TorchWeightMapping.matchingPreset(stateDict)
              .map(p -> p.config().toBuilder().seed(base.seed()).build())
              .orElse(base);
      return RunImport.inferFromWeights(stateDict, b, false, false);
    }
    return base;
  }

  /**
   * Checks, before anything is trained or written, that the source gives every variable of a model
   * of {@code config} but the re-initialised ones (a scratch graph holds the model meanwhile).
   */
  public void check(ResNetConfig config) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      int size = config.stem().defaultInputSize();
      ResNet model = ResNet.build(config);
      model.apply(
          tf,
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 3))),
          CallContext.inference(tf));
      values(model);
    }
  }

  @Override
  public void assign(ResNet model, Ops tf, Session session) {
    new VariableAssigner(tf, model.variables()).assign(session, values(model));
  }

  /** The values the source gives {@code model}'s variables (checked: names, shapes, the head). */
  public VariableValues values(ResNet model) {
    checkHead(model);
    ImportOptions options = ImportOptions.reinitialising(reinit);
    try {
      return stateDict != null
          ? TorchWeightMapping.map(stateDict, model, options)
          : TfWeightMapping.map(checkpoint, model.variables(), NameMap.IDENTITY, options);
    } catch (ReslabException e) {
      throw new ReslabException("initial weights " + spec + ": " + e.getMessage(), e);
    }
  }

  /** The usual mistake, a head for other classes, in one line naming the tensors. */
  private void checkHead(ResNet model) {
    if (ImportOptions.reinitialising(reinit).skips("fc")) {
      return;
    }
    List<String> mismatches = new ArrayList<>();
    for (ModelVariable v : model.variables()) {
      if (!v.layer().equals("fc")) {
        continue;
      }
      long[] want = v.shape().asArray();
      String name;
      long[] have;
      if (stateDict != null) {
        String head =
            stateDict.names().stream().anyMatch(n -> n.startsWith("fc.")) ? "fc" : "linear";
        TorchWeightMapping.Expected e = TorchWeightMapping.expected(v, head);
        name = e.torchName();
        want = e.torchShape();
        have = stateDict.contains(name) ? stateDict.get(name).shape() : null;
      } else {
        name = v.name();
        TfCheckpoint.Entry entry =
            checkpoint
                .variables()
                .getOrDefault(v.name(), checkpoint.variables().get(v.variable().op().name()));
        have = entry == null ? null : entry.shape();
      }
      if (have != null && !Arrays.equals(have, want)) {
        mismatches.add(name + " " + shape(have) + " (model " + shape(want) + ")");
      }
    }
    if (!mismatches.isEmpty()) {
      throw new HeadMismatchException(
          "the head of the initial weights "
              + spec
              + " does not fit the model: "
              + String.join(", ", mismatches)
              + "; re-initialise it (fc)",
          mismatches);
    }
  }

  private static String shape(long[] dims) {
    return Arrays.toString(dims).replace(" ", "");
  }

  @Override
  public Map<String, Object> provenance() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("source", spec);
    p.put("file", file.toAbsolutePath().toString());
    p.put("format", format);
    p.put("sha256", sha256());
    p.put("reinit", reinit);
    return p;
  }

  /** SHA-256 of the file, or of a TensorFlow checkpoint's index and data files in name order. */
  public String sha256() {
    if (sha256 == null) {
      sha256 =
          stateDict != null
              ? WeightsDownloader.sha256(file)
              : checkpointSha256(checkpoint.prefix());
    }
    return sha256;
  }

  /**
   * SHA-256 of a TensorFlow checkpoint: its {@code PREFIX.*} files (index and data) in name order,
   * as lower-case hex. The one hash of a checkpoint's weights, so that records written by different
   * commands (initial weights, analysis folders) can be compared.
   */
  public static String checkpointSha256(Path prefix) {
    String name = prefix.getFileName().toString();
    try (Stream<Path> files = Files.list(prefix.getParent())) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Path f :
          files.filter(f -> f.getFileName().toString().startsWith(name + ".")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(f)) {
          byte[] buf = new byte[1 << 16];
          int n;
          while ((n = in.read(buf)) > 0) {
            md.update(buf, 0, n);
          }
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new ReslabException("cannot read " + prefix + ": " + IoReason.of(e), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A head (fc) whose shape differs from the model's; {@link #tensors()} lists them with both
   * shapes.
   */
  public static final class HeadMismatchException extends ReslabException {
    private final List<String> tensors;

    HeadMismatchException(String message, List<String> tensors) {
      super(message);
      this.tensors = List.copyOf(tensors);
    }

    public List<String> tensors() {
      return tensors;
    }
  }
}
