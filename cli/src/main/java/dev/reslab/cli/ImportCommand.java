package dev.reslab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import dev.reslab.interop.run.ImportedRun;
import dev.reslab.interop.run.RunImport;
import dev.reslab.interop.torch.StateDict;
import dev.reslab.interop.torch.TorchCheckpoint;
import dev.reslab.interop.weights.ImportOptions;
import dev.reslab.model.resnet.ResNetConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reslab import --torch FILE --preset NAME --out RUN}: PyTorch weights as a run directory. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Import PyTorch weights (a torch.save'd state_dict, .pth/.pt zip or legacy .th) into a reslab "
        + "ResNet and write them as a run directory that other commands accept.",
        "Names follow torchvision (conv1.weight, layer2.0.downsample.1.running_var, fc.bias) or the He et al. "
        + "CIFAR ResNets (linear.*). The stem and number of classes are taken from the file unless given.",
        "Writes RUN/config.json, RUN/import.json and RUN/checkpoints/epoch-000/ckpt.*"})
final class ImportCommand implements Callable<Integer> {

  @Option(names = "--torch", paramLabel = "FILE", required = true, description = "PyTorch checkpoint")
  Path torch;

  @Mixin
  ModelOptions model;

  @Option(names = "--out", paramLabel = "RUN", required = true, description = "run directory to create")
  Path out;

  @Option(names = "--allow-missing", paramLabel = "PART",
      description = "'head': leave fc at its initial values and ignore the file's head (fine-tuning to a new "
          + "number of classes)")
  String allowMissing;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    ImportOptions options = ImportOptions.STRICT;
    if (allowMissing != null) {
      if (!allowMissing.trim().equalsIgnoreCase("head")) {
        throw new IllegalArgumentException("--allow-missing takes 'head', got '" + allowMissing + "'");
      }
      options = ImportOptions.withoutHead();
    }
    StateDict stateDict = TorchCheckpoint.read(torch);
    ResNetConfig config = RunImport.inferFromWeights(stateDict, model.toConfig(),
        model.stem != null || model.configFile != null, model.classes != null || model.configFile != null);
    ImportedRun run = RunImport.fromTorch(stateDict, config, options, out);
    spec.commandLine().getOut().printf("imported %d variables from %s into %s (%s stem, %d classes)%s%n",
        run.imported(), torch, model.preset, config.stem(), config.classes(),
        run.skipped().isEmpty() ? "" : "; left at initial values: " + String.join(", ", run.skipped()));
    spec.commandLine().getOut().printf("wrote %s (config.json, import.json, checkpoint %s)%n", run.root(),
        run.root().relativize(run.checkpointPrefix()));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
