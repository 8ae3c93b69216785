package dev.reslab.analysis.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link StudyPlan} from a study directory:
 *
 * <pre>
 * STUDY/study.json                    plan, and where its trials are kept
 * STUDY/study.db                      the trials (SQLite), unless a shared database keeps them (PostgreSQL)
 * STUDY/runs/VARIANT/seed-S/          run directories this machine trained (other workers keep theirs)
 * STUDY/results.csv, results.md       one row per variant: mean ± sd, 95 % interval, change from the base, Welch p
 * STUDY/runs.csv                      one row per run, with the worker that trained it and where
 * STUDY/*.png                         metric per epoch; final metric; vs width, depth, parameters
 * </pre>
 *
 * The study is created once in its trial storage (every variant × seed a waiting training), then a
 * {@link StudyWorker} here trains what is free and waits for what other workers train; tables and
 * charts are read back from the storage. Started again with the same plan, finished runs stay, an
 * interrupted one continues after its last checkpoint, and more seeds add runs.
 */
public final class Study {
  private Study() {}

  /**
   * Trains what is left of {@code plan} in {@code dir} with an SQLite study there, then writes
   * tables and charts.
   */
  public static StudyResults run(StudyPlan plan, Path dir, StudyListener listener) {
    return run(plan, dir, null, null, StudyWorker.Settings.DEFAULT_TIMEOUT, listener);
  }

  /**
   * Creates (or reopens) the study, works on it here until every run has finished, then writes
   * tables and charts.
   *
   * @param storage a JDBC URL, or null for an SQLite file {@code dir/study.db}
   * @param name the study's name in the storage, or null for the directory's name
   */
  public static StudyResults run(
      StudyPlan plan,
      Path dir,
      String storage,
      String name,
      Duration heartbeatTimeout,
      StudyListener listener) {
    return work(create(plan, dir, storage, name), dir, heartbeatTimeout, listener);
  }

  /**
   * Works on the study created in {@code dir} (see {@link #create}) as one of its workers, training
   * into {@code dir/runs}, until every run has finished here or elsewhere; then writes tables and
   * charts.
   */
  public static StudyResults work(
      Location at, Path dir, Duration heartbeatTimeout, StudyListener listener) {
    StudyWorker.run(
        at.storage(),
        at.name(),
        new StudyWorker.Settings(dir, null, heartbeatTimeout, true),
        listener);
    StudyResults results = StudyResults.read(dir);
    results.write(dir);
    return results;
  }

  /** Where a study's trials are kept. */
  public record Location(String storage, String name) {}

  /**
   * Creates the study of {@code plan} in its storage and writes {@code dir/study.json}; an existing
   * study must have the same plan, data and reslab version (more seeds are added).
   */
  public static Location create(StudyPlan plan, Path dir, String storage, String name) {
    String created = Instant.now().toString();
    if (StudyManifest.isStudy(dir)) {
      var recorded = StudyManifest.storage(dir);
      if (recorded.isPresent() && storage == null) {
        storage = recorded.get()[0];
      }
      if (recorded.isPresent() && name == null) {
        name = recorded.get()[1];
      }
      if (recorded.isEmpty()) {
        StudyManifest.checkSamePlan(
            dir, plan); // made before the trial storage: its finished runs are reused
      }
      created = StudyManifest.created(dir);
    } else if (Files.isDirectory(dir) && !isEmpty(dir)) {
      throw new IllegalArgumentException(
          dir
              + " is not empty and holds no study (no "
              + StudyManifest.FILE
              + "); choose an empty or new directory");
    }
    String url = storage != null ? storage : Tuner.defaultStorage(dir);
    String study = name != null ? name : dir.toAbsolutePath().normalize().getFileName().toString();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot create the study directory " + dir + ": " + e.getMessage());
    }
    String checksum = DataChecksum.of(plan.data().spec());
    TrialStorage.StoredPlan stored =
        new TrialStorage.StoredPlan(
            plan.kind(), StudyManifest.json(plan), checksum, ReslabVersion.current());
    List<Map<String, String>> runs = plan.runs().stream().map(StudyPlan.StudyRun::params).toList();
    try (TrialStorage db =
        TrialStorage.createStudy(
            url, study, plan.metric(), !plan.metric().endsWith("loss"), stored, List.of())) {
      TrialStorage.StoredPlan existing = db.plan().orElseThrow();
      String where = "study '" + study + "' in " + TrialStorage.redact(url);
      boolean moreSeeds =
          StudyManifest.checkSamePlan(where, StudyManifest.tree(existing.json()), plan);
      if (!existing.dataChecksum().equals(checksum)) {
        throw new IllegalArgumentException(
            where
                + " was made with data of checksum "
                + existing.dataChecksum()
                + "; the data now has "
                + checksum
                + " (a different or changed copy)");
      }
      if (!existing.reslabVersion().equals(stored.reslabVersion())) {
        throw new IllegalArgumentException(
            where
                + " was made by reslab "
                + existing.reslabVersion()
                + " and this is reslab "
                + stored.reslabVersion());
      }
      if (moreSeeds) {
        db.updatePlan(stored.json());
      }
      db.addPlanned(runs);
    }
    StudyManifest.write(dir, plan, url, study, created);
    return new Location(url, study);
  }

  private static boolean isEmpty(Path dir) {
    try (var entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + dir + ": " + e.getMessage());
    }
  }
}
