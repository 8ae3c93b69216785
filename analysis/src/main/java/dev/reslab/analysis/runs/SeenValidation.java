package dev.reslab.analysis.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reslab.data.DataSpec;
import dev.reslab.data.Holdout;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.Stem;
import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a new run validates on images its initial weights were trained on: a holdout drawn from
 * CIFAR-10's training split while the weights (He et al.'s published CIFAR-10 ResNets) were trained
 * on all of it validates near 100 % and picks its best epoch on seen images.
 *
 * <p>What is known: published weights recognised by their SHA-256 (the files name its first 8 hex
 * digits), and runs trained here, whose {@code config.json} records their data, holdout and own
 * initial weights (followed back). An imported run is known by the hash its {@code import.json}
 * records. What is guessed: a CIFAR-stem network of unknown origin validated on CIFAR-10 was
 * probably trained on CIFAR-10's training images; that warning says it is a guess.
 */
public final class SeenValidation {

  /** Published weights known by the first hex digits of their SHA-256. */
  private record Known(String sha256Prefix, String description, String dataset, String images) {}

  private static final List<Known> KNOWN =
      List.of(
          known("12fca82f", "ResNet-20"),
          known("d509ac18", "ResNet-32"),
          known("014dd654", "ResNet-44"),
          known("4bfd9763", "ResNet-56"),
          known("1d1ed7c2", "ResNet-110"),
          known("f3b1deed", "ResNet-1202"),
          // the ResNet-20 above re-saved by PyTorch in its zip container (the team's shared data)
          new Known(
              "21f6a2132cafd4ef",
              "He et al.'s CIFAR-10 ResNet-20 (akamaster/pytorch_resnet_cifar10), re-saved",
              "cifar10",
              "all 50,000 CIFAR-10 training images"));

  private static Known known(String prefix, String net) {
    return new Known(
        prefix,
        "He et al.'s CIFAR-10 " + net + " (akamaster/pytorch_resnet_cifar10)",
        "cifar10",
        "all 50,000 CIFAR-10 training images");
  }

  /** How deep a chain of runs started from runs is followed. */
  private static final int DEPTH = 8;

  /**
   * Where some of the initial weights' training came from.
   *
   * @param what the weights, for the message
   * @param data the data they trained on, as a run records it (dataset, train split, holdout,
   *     limit); null for published weights, trained on the whole training split
   * @param dataset the data set they trained on
   * @param images how many, for the message
   * @param guessed not known, only likely
   */
  private record Origin(
      String what, DataSpec data, String dataset, String images, boolean guessed) {}

  private SeenValidation() {}

  /**
   * One line warning that {@code data}'s validation images were (or, said as a guess, probably
   * were) among the images the initial weights {@code init} ({@code config.json}'s {@code init}:
   * source, file, format, sha256) trained on; empty when they were not or nothing is known.
   */
  public static Optional<String> warning(
      Map<String, Object> init, DataSpec data, ResNetConfig model) {
    if (init == null || !DataSpec.HOLDOUT.equals(data.validationSplit())) {
      return Optional.empty();
    }
    List<Origin> origins = new ArrayList<>();
    trace(init, model, data, origins, "", 0);
    Optional<Origin> seen =
        origins.stream()
            .filter(o -> sawHoldout(o, data))
            .min((a, b) -> Boolean.compare(a.guessed(), b.guessed()));
    return seen.map(o -> message(init, o, data));
  }

  private static String message(Map<String, Object> init, Origin o, DataSpec data) {
    String holdout = "the holdout validation images (" + describe(data.holdout()) + ")";
    String consequence =
        ", so validation metrics and the best epoch picked on them overstate accuracy on unseen"
            + " images";
    String weights = "the initial weights " + init.get("source") + " (" + o.what() + ")";
    if (o.guessed()) {
      return weights
          + " may have been trained on "
          + o.images()
          + ", as such weights usually are; then "
          + holdout
          + " are among them"
          + consequence
          + " (a guess: neither their hash nor a run's record says what they trained on)";
    }
    boolean partial = o.data() != null && o.data().limitTrain() > 0;
    return weights
        + " were trained on "
        + o.images()
        + ": "
        + holdout
        + (partial ? " may be among them" : " are among them")
        + consequence;
  }

  /** Whether images the origin trained on may be in {@code data}'s holdout. */
  private static boolean sawHoldout(Origin o, DataSpec data) {
    if (!family(o.dataset()).equals(family(data.dataset()))) {
      return false;
    }
    if (o.data() == null) {
      return true; // the whole training split
    }
    if (!o.data().trainSplit().equals(data.trainSplit())) {
      return false;
    }
    // the same holdout of the same data set: the run trained on the rest, this run validates on it
    return !(o.data().dataset().equals(data.dataset())
        && data.holdout().equals(o.data().holdout()));
  }

  /** CIFAR-10's binary batches and its JPEGs hold the same images. */
  private static String family(String dataset) {
    return dataset.startsWith("cifar10") ? "CIFAR-10" : dataset;
  }

  /**
   * Adds what the weights {@code init} describes trained on to {@code out}, and what the weights
   * they started from did, and so on.
   *
   * @param via how the chain so far reads, e.g. {@code a run trained here, started from }
   */
  private static void trace(
      Map<String, Object> init,
      ResNetConfig model,
      DataSpec data,
      List<Origin> out,
      String via,
      int depth) {
    if (init == null || depth > DEPTH) {
      return;
    }
    Optional<Known> k = known(init.get("sha256"));
    if (k.isPresent()) {
      out.add(origin(via, k.get(), ""));
      return;
    }
    Path run = runOf(init.get("file"));
    if (run == null) {
      guess(model, data, out, via + "a file");
      return;
    }
    RunConfig c = RunDirectory.open(run).readConfig();
    if ("import".equals(c.data().get("source"))) {
      Optional<Known> imported = known(importedSha256(run));
      if (imported.isPresent()) {
        out.add(origin(via, imported.get(), "imported from "));
      } else {
        guess(model, data, out, via + "an imported run");
      }
      return;
    }
    DataSpec trained;
    try {
      trained = DataSpec.fromMap(c.data());
    } catch (RuntimeException e) {
      return; // a record this version cannot read says nothing either way
    }
    String what = via + "a run trained here";
    out.add(new Origin(what, trained, trained.dataset(), images(trained), false));
    trace(c.init(), model, data, out, what + ", started from ", depth + 1);
  }

  private static Origin origin(String via, Known k, String how) {
    return new Origin(
        via + how + k.description() + ", known by its SHA-256",
        null,
        k.dataset(),
        k.images(),
        false);
  }

  /** A CIFAR network validated on CIFAR-10 was probably trained on CIFAR-10's training split. */
  private static void guess(ResNetConfig model, DataSpec data, List<Origin> out, String what) {
    if (model.stem() == Stem.CIFAR && family(data.dataset()).equals("CIFAR-10")) {
      out.add(
          new Origin(
              what + " of unknown origin for a CIFAR network",
              null,
              data.dataset(),
              "CIFAR-10's training images",
              true));
    }
  }

  private static String images(DataSpec d) {
    String split = family(d.dataset()) + "'s " + d.trainSplit() + " split";
    String part =
        d.holdout() == null ? split : split + " less a holdout of " + describe(d.holdout());
    return d.limitTrain() > 0
        ? String.format(Locale.ROOT, "a seeded %,d-image subset of %s", d.limitTrain(), part)
        : part;
  }

  private static String describe(Holdout h) {
    return BigDecimal.valueOf(h.fraction() * 100).stripTrailingZeros().toPlainString()
        + " %, seed "
        + h.seed();
  }

  private static Optional<Known> known(Object sha256) {
    if (!(sha256 instanceof String s) || s.length() < 16) {
      return Optional.empty();
    }
    String hex = s.toLowerCase(Locale.ROOT);
    return KNOWN.stream().filter(k -> hex.startsWith(k.sha256Prefix())).findFirst();
  }

  /** The run directory a checkpoint prefix ({@code RUN/checkpoints/epoch-NNN/ckpt}) lies in. */
  private static Path runOf(Object file) {
    if (!(file instanceof String f)) {
      return null;
    }
    Path p = Path.of(f).toAbsolutePath();
    for (int up = 0; up < 4 && p != null; up++, p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("config.json"))
          && Files.isDirectory(p.resolve("checkpoints"))) {
        return p;
      }
    }
    return null;
  }

  private static String importedSha256(Path run) {
    try {
      return new ObjectMapper()
          .readTree(run.resolve("import.json").toFile())
          .path("sha256")
          .asText(null);
    } catch (IOException e) {
      return null;
    }
  }
}
