package dev.reslab.cli;

import dev.reslab.analysis.quicklook.Journey;
import dev.reslab.analysis.quicklook.QuickLook;
import dev.reslab.analysis.report.Report;
import dev.reslab.analysis.runs.TrainingJob;
import dev.reslab.data.DataException;
import dev.reslab.data.DataLocator;
import dev.reslab.data.DataSpec;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.download.DataDownloader;
import dev.reslab.data.download.RemoteArchive;
import dev.reslab.download.ChecksummedDownloader;
import dev.reslab.model.resnet.ModelSummary;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.training.TrainingConfig;
import dev.reslab.model.training.TrainingResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reslab quickstart}: the main job on a fresh machine. Finds CIFAR-10 (or fetches it, or
 * falls back to synthetic data), trains a narrow ResNet-18 for a few epochs, evaluates it and says
 * where everything is.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description = {
      "Train and evaluate a small ResNet-18 on CIFAR-10 in a few minutes on a CPU.",
      "CIFAR-10 is looked for in --data, then $RESLAB_DATA/cifar10, then ./data/cifar10; when absent it is",
      "downloaded if the network allows, else synthetic shapes are used."
    })
final class QuickstartCommand implements Callable<Integer> {

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "CIFAR-10 folder (cifar-10-batches-bin or its parent)")
  Path data;

  @Option(
      names = "--out",
      paramLabel = "RUN",
      description = "run directory (default: runs/quickstart-<time>)")
  Path out;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      defaultValue = "3",
      description = "default: ${DEFAULT-VALUE}")
  int epochs;

  @Option(
      names = "--width-factor",
      paramLabel = "FACTOR",
      description =
          "width factor of the ResNet-18 (default: ${DEFAULT-VALUE}, i.e. 16-128 channels)")
  double width = 0.25;

  @Option(names = "--width", hidden = true)
  void oldWidth(double factor) {
    OldSpelling.used("--width", "--width-factor");
    width = factor;
  }

  @Option(
      names = "--limit-train",
      paramLabel = "N",
      defaultValue = "5000",
      description = "training examples at most (default: ${DEFAULT-VALUE})")
  long limitTrain;

  @Option(names = "--offline", description = "do not try to download CIFAR-10")
  boolean offline;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    DataSpec dataSpec = findData(console).withLimits(limitTrain, 1000);
    ResNetConfig model = ResNetPreset.RESNET18.config().toBuilder().widthFactor(width).build();
    ImageDataset train = dataSpec.open("train");
    Path run =
        out != null
            ? out
            : Path.of(
                "runs",
                "quickstart-"
                    + LocalDateTime.now()
                        .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
    console.printf(
        Locale.ROOT,
        "Training ResNet-18 (width %.3g, %,d parameters) on %s (%,d images) for %d epochs%n",
        width,
        ModelSummary.of(TrainingJob.fitHead(model, train.info())).parameters(),
        train.info().name(),
        Math.min(train.info().examples(), limitTrain),
        epochs);
    console.flush();
    TrainingConfig training = TrainingConfig.defaults(epochs, 64).withSelection("val_accuracy", 0);
    Journey.Result journey =
        Journey.run(
            new Journey.Plan(model, false, training, dataSpec, "test", 4, null),
            run,
            new ProgressListener(console));
    TrainingResult result = journey.training();
    Map<String, Double> test = journey.test();
    QuickLook.Written look = journey.look();
    Report.Written report = journey.report();
    console.printf(
        Locale.ROOT,
        "%nBest epoch %d: %s accuracy %.2f %% (loss %.4f) on %,d images%n",
        result.bestEpoch(),
        "test",
        100 * test.get("accuracy"),
        test.get("loss"),
        test.get("examples").longValue());
    console.printf("Run directory: %s%n", result.run().root());
    console.println("  config.json            model, data and training configuration");
    console.println("  metrics.csv/.jsonl     loss and metrics per epoch");
    console.println(
        "  checkpoints/epoch-NNN  a TensorFlow checkpoint per epoch; best -> the best one");
    console.println(
        "  tensorboard/           event files (tensorboard --logdir "
            + result.run().root().resolve("tensorboard")
            + ")");
    console.println(
        "  evaluation.json        metrics of the best epoch on the whole test split (epochs were "
            + "chosen on "
            + (DataSpec.HOLDOUT.equals(dataSpec.validationSplit())
                ? "10 % held out of the training split"
                : "the " + dataSpec.validationSplit() + " split")
            + ")");
    console.println(
        "  per-class/             per-class accuracy with intervals, confusion matrix (CSV and heatmap), "
            + "most-confused pairs, misclassified images");
    console.println(
        "  gradcam/               Grad-CAM grids (rows: layer1..layer4), e.g. "
            + (look.gradCamGrids().isEmpty()
                ? "-"
                : result.run().root().relativize(look.gradCamGrids().get(0))));
    console.println("  report/                report.md, report.html, model card and datasheet");
    console.printf("Report: %s%n", report.html());
    console.flush();
    return 0;
  }

  /**
   * CIFAR-10 from --data, $RESLAB_DATA or ./data; else a download; else synthetic data (said in one
   * line).
   */
  private DataSpec findData(PrintWriter console) {
    if (data != null) {
      return DataSpec.of("cifar10", data);
    }
    for (Path root : DataLocator.roots()) {
      Path dir = root.resolve("cifar10");
      if (Files.isDirectory(dir.resolve("cifar-10-batches-bin"))
          || Files.isDirectory(dir) && Files.exists(dir.resolve("test_batch.bin"))) {
        return DataSpec.of("cifar10", dir);
      }
    }
    if (!offline) {
      try {
        console.println("CIFAR-10 not found; downloading it to data/cifar10 (170 MB)...");
        console.flush();
        Path dir =
            new DataDownloader()
                .install(
                    RemoteArchive.CIFAR10,
                    Path.of("data", "cifar10"),
                    false,
                    ChecksummedDownloader.Progress.NONE);
        return DataSpec.of("cifar10", dir);
      } catch (DataException e) {
        console.println(
            "CIFAR-10 is not available (" + e.getMessage() + "); using synthetic shapes instead.");
      }
    } else {
      console.println("CIFAR-10 not found and --offline given; using synthetic shapes instead.");
    }
    console.flush();
    return DataSpec.of("synthetic", null);
  }
}
