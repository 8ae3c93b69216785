package dev.reslab.analysis.report;

import dev.reslab.interop.weights.WeightSource;
import dev.reslab.model.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which run of a report a folder of analysis results was computed from, told by its {@link
 * AnalysisProvenance}: the same run directory and epoch with unchanged weights, or the same weights
 * (sha256) found in a run elsewhere; otherwise a warning. Checkpoints are hashed once each.
 */
final class AnalysisOrigins {
  private final Map<Path, Optional<String>> hashes = new HashMap<>();

  /**
   * What a report says about where results came from.
   *
   * @param run the report's run they were computed from (as the report names it), or null
   * @param epoch that run's epoch, or null
   * @param sentence one line for the report
   * @param warning whether the line warns (results from other weights than the report's runs)
   */
  record Verdict(Path run, Integer epoch, String sentence, boolean warning) {}

  /**
   * {@code record} checked against {@code runs} (run directories as the report names them); empty
   * when the report has no run to check against.
   */
  Optional<Verdict> check(AnalysisProvenance record, List<Path> runs) {
    AnalysisProvenance.ModelFacts m = record.model();
    if (runs.isEmpty() || m == null || m.path() == null) {
      return Optional.empty();
    }
    Path made = Path.of(m.path());
    if (!m.isRun()) {
      for (Path run : runs) {
        if (made.startsWith(absolute(run))) {
          return Optional.of(
              new Verdict(
                  run,
                  null,
                  "Computed from the SavedModel `" + made + "` exported from run `" + run + "`.",
                  false));
        }
      }
      return Optional.of(
          new Verdict(
              null,
              null,
              "Note: computed from the SavedModel `"
                  + m.given()
                  + "`, whose weights cannot be matched to the "
                  + runsNamed(runs)
                  + " of this report.",
              false));
    }
    for (Path run : runs) {
      if (!absolute(run).equals(made)) {
        continue;
      }
      Optional<String> now = hash(run, m.epoch());
      if (now.isEmpty()) {
        return Optional.of(
            new Verdict(
                run,
                m.epoch(),
                "Computed from run `"
                    + run
                    + "`, epoch "
                    + m.epoch()
                    + "; that checkpoint is no longer in the run, so its weights cannot be checked.",
                false));
      }
      if (now.get().equals(m.sha256())) {
        return Optional.of(
            new Verdict(
                run,
                m.epoch(),
                "Computed from run `" + run + "` of this report, epoch " + m.epoch() + ".",
                false));
      }
      return Optional.of(
          new Verdict(
              null,
              m.epoch(),
              "Warning: computed from run `"
                  + run
                  + "`, epoch "
                  + m.epoch()
                  + ", but that checkpoint has changed since (sha256 then "
                  + shortHash(m.sha256())
                  + ", now "
                  + shortHash(now.get())
                  + "): these results come from other weights than the run holds.",
              true));
    }
    for (Path run : runs) {
      for (Integer epoch : candidateEpochs(run, m.epoch())) {
        if (hash(run, epoch).filter(h -> h.equals(m.sha256())).isPresent()) {
          return Optional.of(
              new Verdict(
                  run,
                  epoch,
                  "Computed from the weights of run `"
                      + run
                      + "`, epoch "
                      + epoch
                      + " (same sha256), read from `"
                      + m.given()
                      + "`.",
                  false));
        }
      }
    }
    List<String> theirs = new ArrayList<>();
    for (Path run : runs) {
      Integer epoch = selectedEpoch(run);
      theirs.add(
          "`"
              + run
              + "`"
              + (epoch == null
                  ? ""
                  : " (epoch "
                      + epoch
                      + ", sha256 "
                      + hash(run, epoch).map(AnalysisOrigins::shortHash).orElse("?")
                      + ")"));
    }
    return Optional.of(
        new Verdict(
            null,
            null,
            "Warning: computed from another model than the "
                + runsNamed(runs)
                + " of this report: from `"
                + m.given()
                + "`, epoch "
                + m.epoch()
                + " (sha256 "
                + shortHash(m.sha256())
                + "), not from "
                + String.join(", ", theirs)
                + ".",
            true));
  }

  /** The first 12 hex digits, enough to tell weights apart in a sentence. */
  static String shortHash(String sha256) {
    return sha256 == null ? "?" : sha256.substring(0, Math.min(12, sha256.length())) + "…";
  }

  private static String runsNamed(List<Path> runs) {
    return runs.size() == 1 ? "run" : "runs";
  }

  /** The recorded epoch, then the run's own choice (best, else last). */
  private static List<Integer> candidateEpochs(Path run, Integer recorded) {
    List<Integer> epochs = new ArrayList<>();
    if (recorded != null) {
      epochs.add(recorded);
    }
    Integer selected = selectedEpoch(run);
    if (selected != null && !epochs.contains(selected)) {
      epochs.add(selected);
    }
    return epochs;
  }

  private static Integer selectedEpoch(Path run) {
    try {
      return RunDirectory.resolve(run).epoch();
    } catch (RuntimeException e) {
      return null; // no checkpoint yet
    }
  }

  /** The sha256 of the run's checkpoint of {@code epoch}, or empty when it has none. */
  private Optional<String> hash(Path run, Integer epoch) {
    if (epoch == null) {
      return Optional.empty();
    }
    Path prefix =
        RunDirectory.open(run).checkpointDir(epoch).resolve(RunDirectory.CHECKPOINT_PREFIX);
    return hashes.computeIfAbsent(
        absolute(prefix),
        p ->
            Files.isRegularFile(p.resolveSibling(p.getFileName() + ".index"))
                ? Optional.of(WeightSource.checkpointSha256(p))
                : Optional.empty());
  }

  private static Path absolute(Path p) {
    return p.toAbsolutePath().normalize();
  }
}
