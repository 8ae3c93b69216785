package dev.reslab.analysis.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.data.DataSpec;
import dev.reslab.lock.RunLock;
import dev.reslab.model.training.EpochResult;
import dev.reslab.model.training.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Planned studies in the trial storage, without training: each planned run is claimed once, silent
 * and dead workers' runs are taken over, epochs round-trip, and a worker refuses a study made with
 * other data or another version.
 */
class PlannedStorageTest {
  @TempDir Path tmp;

  static final TrialStorage.StoredPlan PLAN =
      new TrialStorage.StoredPlan("ablation", "{}", "sha256:00", "v1");
  static final List<Map<String, String>> RUNS =
      List.of(
          Map.of("variant", "base", "seed", "0"),
          Map.of("variant", "-layer4", "seed", "0"),
          Map.of("variant", "base", "seed", "1"));

  @Test
  void sqliteClaimsOnceAndTakesOverSilentWorkers() {
    claimsOnceAndTakesOverSilentWorkers("jdbc:sqlite:" + tmp.resolve("s.db"));
  }

  /** The same on any JDBC database (the PostgreSQL test passes its own). */
  static void claimsOnceAndTakesOverSilentWorkers(String url) {
    Duration timeout = Duration.ofSeconds(60);
    try (TrialStorage db = TrialStorage.createStudy(url, "abl", "val_accuracy", true, PLAN, RUNS)) {
      assertEquals(
          List.of(Trial.State.WAITING, Trial.State.WAITING, Trial.State.WAITING),
          db.trials().stream().map(Trial::state).toList());
      TrialStorage.Claim first = db.claimPlanned(timeout, t -> "/runs/" + t.number()).orElseThrow();
      assertEquals(1, first.trial().number());
      assertFalse(first.takenOver());
      assertEquals(RUNS.get(0), first.trial().params());
      db.recordEpoch(
          1,
          new EpochResult(1, 1e-3, Map.of("val_accuracy", 0.5, "val_loss", Double.NaN), 2, 100),
          "val_accuracy");
      db.recordEpoch(
          1,
          new EpochResult(1, 1e-3, Map.of("val_accuracy", 0.25, "val_loss", 1.5), 2, 100),
          "val_accuracy");
      db.finish(1, Trial.State.COMPLETE, 0.25);
      assertEquals(
          2, db.claimPlanned(timeout, t -> "/runs/" + t.number()).orElseThrow().trial().number());
      assertEquals(
          3, db.claimPlanned(timeout, t -> "/runs/" + t.number()).orElseThrow().trial().number());

      // run 2 now looks held by a worker elsewhere that went silent 10 minutes ago, run 3 by one
      // that beats
      setOwner(url, 2, "elsewhere:1", System.currentTimeMillis() - 600_000);
      setOwner(url, 3, "elsewhere:2", System.currentTimeMillis());
      TrialStorage.Claim taken = db.claimPlanned(timeout, t -> "/mine/" + t.number()).orElseThrow();
      assertEquals(2, taken.trial().number());
      assertTrue(taken.takenOver());
      assertEquals("elsewhere:1", taken.previousOwner());
      assertEquals("/runs/2", taken.previousDir());
      assertTrue(db.beat(2));
      assertFalse(db.beat(3), "a trial another worker owns");
      assertTrue(
          db.claimPlanned(timeout, t -> "x").isEmpty(),
          "run 3's worker is alive, run 2 is held here");
      // released (after an error inside this process), run 2 may be claimed again
      db.release(2);
      assertEquals(
          2, db.claimPlanned(timeout, t -> "/mine/" + t.number()).orElseThrow().trial().number());

      List<Trial> all = db.trials();
      assertEquals("/mine/2", all.get(1).runDir());
      assertEquals(TrialStorage.workerName(), all.get(1).owner());
      EpochResult stored = db.epochs().get(1).get(0);
      assertEquals(0.25, stored.get("val_accuracy"));
      assertEquals(1.5, stored.get("val_loss"));
      assertEquals(Map.of(1, 0.25), all.get(0).intermediate());
    }
    // reopened, the plan is there and nothing is planned twice
    try (TrialStorage db = TrialStorage.createStudy(url, "abl", "val_accuracy", true, PLAN, RUNS)) {
      assertEquals(3, db.trials().size());
      assertEquals(PLAN, db.plan().orElseThrow());
    }
    assertEquals(
        "the study storage "
            + TrialStorage.redact(url)
            + " holds no planned study 'other' (create it "
            + "with reslab ablate or sweep)",
        assertThrows(IllegalArgumentException.class, () -> TrialStorage.openStudy(url, "other"))
            .getMessage());
  }

  private static void setOwner(String url, int number, String owner, long heartbeat) {
    try (var c = TrialStorage.connect(url);
        PreparedStatement u =
            c.prepareStatement(
                "UPDATE reslab_trials SET owner = ?, heartbeat = ? WHERE study = 'abl' AND number = ?")) {
      u.setString(1, owner);
      u.setLong(2, heartbeat);
      u.setInt(3, number);
      assertEquals(1, u.executeUpdate());
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * A silent worker whose run folder is still locked (its process lives, only its heartbeat does
   * not reach the database) keeps its run: taking it over would train two processes into one
   * folder. Once the lock is gone (the process died, even by kill -9), the run is taken over.
   */
  @Test
  void aSilentWorkerWhoseRunIsStillLockedKeepsIt() {
    String url = "jdbc:sqlite:" + tmp.resolve("locked.db");
    Duration timeout = Duration.ofSeconds(60);
    Path runDir = tmp.resolve("runs/base/seed-0");
    try (TrialStorage db =
        TrialStorage.createStudy(url, "abl", "val_accuracy", true, PLAN, RUNS.subList(0, 1))) {
      db.claimPlanned(timeout, t -> runDir.toString()).orElseThrow();
      db.release(1);
      setOwner(url, 1, "elsewhere:1", System.currentTimeMillis() - 600_000);
      try (RunLock lock = RunLock.acquire(runDir, "trained")) {
        assertTrue(
            db.claimPlanned(timeout, t -> runDir.toString()).isEmpty(),
            "a locked run is not abandoned");
      }
      TrialStorage.Claim taken = db.claimPlanned(timeout, t -> runDir.toString()).orElseThrow();
      assertTrue(taken.takenOver());
      assertEquals("elsewhere:1", taken.previousOwner());
    }
  }

  @Test
  void aWorkerRefusesOtherDataOrAnotherVersionInOneLine() throws Exception {
    Path data = tmp.resolve("images");
    Files.createDirectories(data.resolve("cat"));
    Files.writeString(data.resolve("cat/a.png"), "not really an image");
    DataSpec spec = DataSpec.of("folder", data);
    StudyPlan plan =
        new StudyPlan(
            "ablation",
            "val_accuracy",
            List.of(new Variant("base", StudyResumeTest.TINY, 1)),
            TrainingConfig.defaults(1, 8),
            new StudyData(spec, 1),
            StudyPlan.seeds(0, 1));
    String url = "jdbc:sqlite:" + tmp.resolve("w.db");
    String checksum = DataChecksum.of(spec);
    try (TrialStorage db =
        TrialStorage.createStudy(
            url,
            "w",
            "val_accuracy",
            true,
            new TrialStorage.StoredPlan(
                "ablation", StudyManifest.json(plan), checksum, ReslabVersion.current()),
            List.of(Map.of()))) {
      assertEquals(1, db.trials().size());
    }
    assertEquals(plan.variants(), StudyWorker.plan(url, "w", null).variants());
    // the same files elsewhere are the same data
    Path copy = tmp.resolve("copy");
    Files.createDirectories(copy.resolve("cat"));
    Files.copy(data.resolve("cat/a.png"), copy.resolve("cat/a.png"));
    assertEquals(
        copy.toAbsolutePath().toString(), StudyWorker.plan(url, "w", copy).data().spec().dir());
    // a changed file is not
    Files.writeString(copy.resolve("cat/a.png"), "changed");
    String msg =
        assertThrows(IllegalArgumentException.class, () -> StudyWorker.plan(url, "w", copy))
            .getMessage();
    assertEquals(
        "study 'w' trains on folder data with checksum "
            + checksum
            + " but the copy in "
            + copy.toAbsolutePath()
            + " has "
            + DataChecksum.of(spec.withDir(copy.toString()))
            + ": a different or "
            + "changed copy",
        msg);
    assertFalse(msg.contains("\n"));

    try (var c = DriverManager.getConnection(url);
        var st = c.createStatement()) {
      st.execute("UPDATE reslab_study_plans SET reslab_version = '0.0.1' WHERE name = 'w'");
    }
    assertEquals(
        "study 'w' was made by reslab 0.0.1 and this is reslab "
            + ReslabVersion.current()
            + ": run the "
            + "same version on every machine",
        assertThrows(IllegalArgumentException.class, () -> StudyWorker.plan(url, "w", null))
            .getMessage());
  }
}
