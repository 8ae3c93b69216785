package dev.reslab.cli;

import dev.reslab.analysis.study.StudyWorker;
import dev.reslab.analysis.study.TrialStorage;
import dev.reslab.data.DataSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reslab worker}: trains the runs of a shared ablation or sweep, on as many machines as
 * there are.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Join a study made by 'reslab ablate' or 'reslab sweep': claim its next waiting training (or one "
          + "whose worker died or went silent), train it, record every epoch in the study's storage, and go on until "
          + "none is left. Run it on every machine that should help.",
      "The study's data set must be on this machine with the same checksum, and reslab must be the same version.",
      "Example: reslab worker --storage jdbc:postgresql://db-host/reslab?user=reslab --study ablation "
          + "--data ~/data/cifar10 --out studies/ablation"
    })
final class WorkerCommand implements Callable<Integer> {

  @Option(
      names = "--storage",
      paramLabel = "JDBC_URL",
      required = true,
      description =
          "the study's database, as 'ablate' or 'sweep' printed it (password from PGPASSWORD or ~/.pgpass)")
  String storage;

  @Option(
      names = "--study",
      paramLabel = "NAME",
      required = true,
      description = "the study's name in the storage")
  String study;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "where this worker's run directories go, DIR/runs/VARIANT/seed-S; a shared disk lets other "
              + "workers continue a run from its checkpoints (default: studies/NAME)")
  Path out;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "this machine's copy of the study's data set (default: found under $RESLAB_DATA, then "
              + "./data, then in the folder the study recorded)")
  Path data;

  @Option(
      names = "--heartbeat-timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description =
          "take over a training whose worker has been silent this long; use the study's value on every "
              + "machine (default: ${DEFAULT-VALUE})")
  long heartbeatTimeout;

  @Option(
      names = "--no-wait",
      description =
          "stop when no training is free, rather than wait for the running ones "
              + "(to take over any whose worker dies)")
  boolean noWait;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter console = spec.commandLine().getOut();
    Path runs = out != null ? out : Path.of("studies", study);
    console.printf(
        "worker %s on study '%s' in %s; runs go to %s%n",
        TrialStorage.workerName(), study, TrialStorage.redact(storage), runs);
    console.flush();
    StudyWorker.Outcome done =
        StudyWorker.run(
            storage,
            study,
            new StudyWorker.Settings(
                runs, dataFolder(), Duration.ofSeconds(heartbeatTimeout), !noWait),
            new StudyProgress(console));
    console.printf(
        "worker %s: trained %d, resumed %d, failed %d%n",
        TrialStorage.workerName(), done.trained(), done.resumed(), done.failed());
    console.flush();
    return 0;
  }

  /**
   * This machine's copy of the study's data set, found as every command finds data: --data, else
   * under $RESLAB_DATA, then ./data, then in the folder the study recorded.
   */
  private Path dataFolder() {
    if (data != null) {
      return data;
    }
    DataSpec recorded = StudyWorker.recordedData(storage, study);
    return DataSetOptions.locate(
        recorded.dataset(), null, recorded.toMap(), "study '" + study + "'");
  }
}
