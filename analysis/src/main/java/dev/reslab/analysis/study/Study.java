package dev.reslab.analysis.study;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link StudyPlan} in a study directory:
 *
 * <pre>
 * STUDY/study.json                    plan and run states
 * STUDY/runs/VARIANT/seed-S/          one run directory per variant and seed
 * STUDY/results.csv, results.md       one row per variant: mean ± sd, 95 % interval, change from the base, Welch p
 * STUDY/runs.csv                      one row per run
 * STUDY/*.png                         accuracy per epoch; final accuracy; accuracy vs width, depth, parameters
 * </pre>
 *
 * Started again on the same directory with the same plan, it skips finished runs and continues an interrupted one
 * after its last checkpoint.
 */
public final class Study {
  private Study() {}

  /** Trains what is left of {@code plan} in {@code dir}, then writes tables and charts. */
  public static StudyResults run(StudyPlan plan, Path dir, StudyListener listener) {
    String created = Instant.now().toString();
    if (StudyManifest.isStudy(dir)) {
      StudyManifest.checkSamePlan(dir, plan);
      created = StudyManifest.created(dir);
    } else if (Files.isDirectory(dir) && !isEmpty(dir)) {
      throw new IllegalArgumentException(dir + " is not empty and holds no study (no " + StudyManifest.FILE
          + "); choose an empty or new directory");
    }
    List<StudyPlan.StudyRun> runs = plan.runs();
    Map<String, String> states = new LinkedHashMap<>();
    for (StudyPlan.StudyRun r : runs) {
      states.put(r.path().toString(), VariantTraining.state(dir.resolve(r.path()), plan.training().epochs())
          .name().toLowerCase());
    }
    StudyManifest.write(dir, plan, states, created);
    for (int i = 0; i < runs.size(); i++) {
      StudyPlan.StudyRun r = runs.get(i);
      Path runDir = dir.resolve(r.path());
      VariantTraining.State state = VariantTraining.state(runDir, plan.training().epochs());
      String action = switch (state) {
        case FINISHED -> "skip";
        case PARTIAL -> "resume";
        case NEW -> "train";
      };
      listener.runStarted(r.variant().name(), r.seed(), i + 1, runs.size(), action);
      if (state == VariantTraining.State.FINISHED) {
        continue;
      }
      states.put(r.path().toString(), "running");
      StudyManifest.write(dir, plan, states, created);
      VariantTraining.train(r.variant().model().toBuilder().seed(r.seed()).build(), r.training(plan.training()),
          plan.data(), runDir, listener);
      states.put(r.path().toString(), "finished");
      StudyManifest.write(dir, plan, states, created);
    }
    StudyResults results = StudyResults.read(dir);
    results.write(dir);
    return results;
  }

  private static boolean isEmpty(Path dir) {
    try (var entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot read " + dir + ": " + e.getMessage());
    }
  }
}
