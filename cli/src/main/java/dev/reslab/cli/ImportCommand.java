package dev.reslab.cli;

import dev.reslab.ReslabException;
import dev.reslab.interop.download.PretrainedWeights;
import dev.reslab.interop.download.WeightsDownloader;
import dev.reslab.interop.run.ImportedRun;
import dev.reslab.interop.run.RunImport;
import dev.reslab.interop.torch.StateDict;
import dev.reslab.interop.torch.TorchCheckpoint;
import dev.reslab.interop.weights.ImportOptions;
import dev.reslab.interop.weights.NameMap;
import dev.reslab.model.resnet.ResNetConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reslab import --torch FILE | --torchvision NAME | --tf CHECKPOINT … --out RUN}: pretrained
 * weights as a run directory.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Import pretrained weights (PyTorch or TensorFlow) into a run directory other commands accept.",
      "It holds RUN/config.json, RUN/import.json and RUN/checkpoints/epoch-000/ckpt.*.",
      "--torch: a torch.save'd state_dict (.pth/.pt zip or legacy .th); names follow torchvision (conv1.weight, "
          + "layer2.0.downsample.1.running_var, fc.bias) or the He et al. CIFAR ResNets (linear.*). Without --preset, "
          + "--depths, --stage-widths or --config the preset is the one the file's blocks per stage and stem width "
          + "match (a file of none stops, saying what it holds); stem and classes come from the file unless given.",
      "--tf: a TensorFlow checkpoint prefix, a directory with a 'checkpoint' file, or a SavedModel directory; "
          + "--names maps reslab names to the checkpoint's."
    })
final class ImportCommand implements Callable<Integer> {

  static final class Source {
    @Option(
        names = "--torch",
        paramLabel = "FILE",
        required = true,
        description = "PyTorch checkpoint")
    Path torch;

    @Option(
        names = "--tf",
        paramLabel = "CHECKPOINT",
        required = true,
        description = "TensorFlow checkpoint (prefix or directory) or SavedModel directory")
    Path tf;

    @Option(
        names = "--torchvision",
        paramLabel = "NAME",
        required = true,
        description =
            "download torchvision's published ImageNet weights (resnet18), checking their published hash")
    String torchvision;
  }

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description = "where --torchvision keeps downloads (default: ~/.cache/reslab/weights)")
  Path cache;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Mixin ModelOptions model;

  @Option(
      names = "--out",
      paramLabel = "RUN",
      required = true,
      description = "run directory to create")
  Path out;

  @Option(
      names = "--names",
      paramLabel = "JSON",
      description =
          "with --tf: JSON object of reslab names (variables like conv1/kernel, or layers like bn1) to "
              + "the checkpoint's names")
  Path names;

  @Option(
      names = "--allow-missing",
      paramLabel = "PART",
      description =
          "'head': leave fc at its initial values and ignore the file's head (fine-tuning to a new "
              + "number of classes)")
  String allowMissing;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ImportOptions options = ImportOptions.STRICT;
    if (allowMissing != null) {
      if (!allowMissing.trim().equalsIgnoreCase("head")) {
        throw new IllegalArgumentException(
            "--allow-missing takes 'head', got '" + allowMissing + "'");
      }
      options = ImportOptions.withoutHead();
    }
    if (names != null && source.tf == null) {
      throw new IllegalArgumentException(
          "--names applies to --tf checkpoints; PyTorch names are matched by rule");
    }
    Path from = source.tf != null ? source.tf : source.torch;
    if (source.torchvision != null) {
      from = download(PretrainedWeights.torchvision(source.torchvision));
    }
    ImportedRun run;
    // counted steps on stderr (loading TensorFlow and writing a large checkpoint take seconds):
    // reading the file, then the import's own stages
    try (ProgressBar bar = ProgressBars.builder("import", 1 + RunImport.STAGES).build()) {
      run = importRun(from, options, ProgressBars.stages(bar));
      ProgressBars.finish(bar);
    }
    ResNetConfig config = run.config();
    spec.commandLine()
        .getOut()
        .printf(
            "imported %d variables from %s (%s stem, %d classes)%s%n",
            run.imported(),
            from,
            config.stem(),
            config.classes(),
            run.skipped().isEmpty()
                ? ""
                : "; left at initial values: " + String.join(", ", run.skipped()));
    spec.commandLine()
        .getOut()
        .printf(
            "wrote %s: config.json, import.json, %s%n",
            run.root(), run.root().relativize(run.checkpointPrefix()));
    spec.commandLine().getOut().flush();
    return 0;
  }

  private ImportedRun importRun(Path from, ImportOptions options, Consumer<String> stages) {
    stages.accept("reading " + from.getFileName());
    if (source.tf != null) {
      return RunImport.fromTensorFlow(
          from,
          names == null ? NameMap.IDENTITY : NameMap.read(names),
          model.toConfig(),
          options,
          out,
          stages);
    }
    StateDict stateDict = TorchCheckpoint.read(from);
    // A width factor alone names resnet18 (the preset's default) at that width, as before.
    ResNetConfig config =
        model.architectureGiven(spec.commandLine().getParseResult()) || model.width != null
            ? RunImport.inferFromWeights(
                stateDict,
                model.toConfig(),
                model.stem != null || model.configFile != null,
                model.classes != null || model.configFile != null)
            : model.over(architectureOf(stateDict));
    return RunImport.fromTorch(stateDict, config, options, out, stages);
  }

  /**
   * The architecture the file shows, as the library reads it ({@link RunImport#architectureOf});
   * one that matches no preset stops, saying which flags give it.
   */
  private static ResNetConfig architectureOf(StateDict stateDict) {
    try {
      return RunImport.architectureOf(stateDict);
    } catch (ReslabException e) {
      String m = e.getMessage();
      int remedy = m.lastIndexOf(RunImport.GIVE_ARCHITECTURE);
      throw new IllegalArgumentException(
          (remedy < 0 ? m : m.substring(0, remedy))
              + "; give its architecture with --preset, --depths and --stage-widths, or --config",
          e);
    }
  }

  private Path download(PretrainedWeights weights) {
    return new WeightsDownloader()
        .fetch(
            weights,
            cacheDir(cache),
            downloadProgress(spec.commandLine().getErr(), weights.url().toString()));
  }

  /** Where downloaded weights are kept: {@code given}, else ~/.cache/reslab/weights. */
  static Path cacheDir(Path given) {
    return given != null
        ? given
        : Path.of(System.getProperty("user.home"), ".cache", "reslab", "weights");
  }

  /** A line per 8 MB received (downloads are ~45 MB). */
  static LongConsumer downloadProgress(PrintWriter err, String what) {
    long[] shown = {0};
    return done -> {
      if (done - shown[0] >= (8 << 20)) {
        shown[0] = done;
        err.printf("downloading %s: %d MB%n", what, done >> 20);
        err.flush();
      }
    };
  }
}
