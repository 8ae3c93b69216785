package dev.reslab.cli;

import dev.reslab.analysis.study.Ablation;
import dev.reslab.model.resnet.ResNetConfig;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reslab ablate}: the base model and one variant per removed block or stage, trained alike.
 */
@Command(
    name = "ablate",
    mixinStandardHelpOptions = true,
    description = {
      "Ablation study: train the base model and one variant per removed block or stage with the same "
          + "data, seed and schedule; compare their final accuracy.",
      "Example: reslab ablate --dataset cifar10-jpeg --width-factor 0.25 --epochs 2 --limit-train 2000 "
          + "--limit-val 1000 --seeds 3 --out studies/ablation"
    })
final class AblateCommand implements Callable<Integer> {

  @Option(
      names = "--ablate",
      paramLabel = "NAMES",
      split = ",",
      description =
          "what each variant removes: stages (layer3), blocks (layer3.1) or several joined by '+' "
              + "(layer3+layer4) (default: every stage, layer1 ... layerN)")
  List<String> ablate;

  @ArgGroup(exclusive = false, multiplicity = "1", heading = "Data:%n")
  DataOptions data;

  @Mixin ModelOptions model;

  @Mixin TrainingOptions training;

  @Mixin StudyOptions study;

  @Mixin InitOptions init;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    InitOptions.Start start = init.start(model, data.toSpec());
    ResNetConfig base = start.model();
    List<String> removals = ablate == null || ablate.isEmpty() ? Ablation.stages(base) : ablate;
    return study.run(
        "ablation",
        Ablation.variants(base, removals),
        training.toConfig(),
        start,
        init,
        spec.commandLine().getOut());
  }
}
