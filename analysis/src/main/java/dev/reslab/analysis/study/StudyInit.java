package dev.reslab.analysis.study;

import dev.reslab.ReslabException;
import dev.reslab.interop.weights.WeightSource;
import dev.reslab.model.resnet.ResNetConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The pretrained weights every training of a study starts from (as {@code train --init} does): the
 * source as given, the layers that start fresh instead, and the SHA-256 the study was planned with,
 * so that a worker holding other weights under the same name refuses them.
 *
 * @param source a run directory, checkpoint, PyTorch file or {@code torchvision:NAME}
 * @param reinit layer prefixes that start fresh ({@code fc}: a new head)
 * @param sha256 the weights' hash ({@link WeightSource#sha256()})
 */
public record StudyInit(String source, List<String> reinit, String sha256) {

  public StudyInit {
    reinit = reinit == null ? List.of() : List.copyOf(reinit);
  }

  /** For reports: "Every training started from `SOURCE` (sha256 …); fresh: fc." */
  public String describe(String what) {
    return "Every "
        + what
        + " started from the pretrained weights `"
        + source
        + "` (sha256 "
        + sha256
        + ")"
        + (reinit.isEmpty() ? "" : "; fresh: " + String.join(", ", reinit))
        + ".";
  }

  /** The study's record of {@code weights}. */
  public static StudyInit of(WeightSource weights, List<String> reinit) {
    return new StudyInit(weights.spec(), reinit, weights.sha256());
  }

  /**
   * Opens the weights ({@code cache}: where {@code torchvision:NAME} is kept) and checks they are
   * the ones the study was planned with.
   */
  public WeightSource open(Path cache) {
    WeightSource w = WeightSource.open(source, cache, bytes -> {}).reinitialising(reinit);
    if (!w.sha256().equals(sha256)) {
      throw new ReslabException(
          "initial weights "
              + source
              + " have sha256 "
              + w.sha256()
              + " but the study was planned with "
              + sha256
              + "; give this worker the same weights");
    }
    return w;
  }

  /**
   * Checks that the weights give every variable of each variant's model, naming the first variant
   * they cannot start: another width, or more blocks per stage, than {@code base} (a model the
   * weights were checked to fit).
   */
  public static void checkVariants(
      WeightSource weights, ResNetConfig base, List<Variant> variants) {
    for (Variant v : variants) {
      ResNetConfig model = v.model();
      String problem = null;
      if (!stageWidths(model).equals(stageWidths(base))) {
        problem =
            "its stage widths "
                + stageWidths(model)
                + " differ from the weights' "
                + stageWidths(base);
      } else if (IntStream.range(0, model.depths().size())
          .anyMatch(
              i -> i >= base.depths().size() || model.depths().get(i) > base.depths().get(i))) {
        problem =
            "it has more blocks per stage " + model.depths() + " than the weights " + base.depths();
      } else {
        try {
          weights.check(model);
        } catch (ReslabException e) {
          problem = e.getMessage().replaceFirst("^initial weights \\S+: ", "");
        }
      }
      if (problem != null) {
        throw new ReslabException(
            "variant "
                + v.name()
                + " cannot start from "
                + weights.spec()
                + ": "
                + problem
                + "; pretrained weights fit only models of their own widths and depths");
      }
    }
  }

  private static List<Integer> stageWidths(ResNetConfig model) {
    List<Integer> widths = new ArrayList<>();
    widths.add(model.stemWidth());
    for (int stage = 1; stage <= model.depths().size(); stage++) {
      widths.add(model.stageWidth(stage));
    }
    return widths;
  }
}
