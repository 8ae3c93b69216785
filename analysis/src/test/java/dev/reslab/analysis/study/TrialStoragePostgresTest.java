package dev.reslab.analysis.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trial storage on a real PostgreSQL server started by the test ({@link PostgresServer}), so
 * the SQL shared with SQLite is checked on both in every build.
 */
class TrialStoragePostgresTest {
  @TempDir Path tmp;

  @Test
  void tuningStorageWorksOnPostgres() {
    TuningPartsTest.storageNumbersTrialsOnceAndTakesOverOrphans(
        PostgresServer.newDatabase("tuning"), "t");
  }

  @Test
  void plannedStudiesClaimAndTakeOverOnPostgres() {
    PlannedStorageTest.claimsOnceAndTakesOverSilentWorkers(PostgresServer.newDatabase("planned"));
  }

  /**
   * With the server asking for a password, a URL without one connects through the password file the
   * PostgreSQL driver reads ({@code PGPASSFILE}, {@code ~/.pgpass}; here its system-property form),
   * so no password needs to be on a command line.
   */
  @Test
  void thePasswordComesFromThePasswordFile() throws Exception {
    String noPassword = PostgresServer.newDatabase("secured", "reslab", "study-secret");
    String refused =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    TrialStorage.open(noPassword, "p", "val_accuracy", true, TuningPartsTest.SPACE))
            .getMessage();
    assertTrue(refused.startsWith("cannot open the study storage " + noPassword + ": "), refused);
    Path pgpass = tmp.resolve("pgpass");
    Files.writeString(pgpass, "*:*:*:reslab:study-secret\n");
    System.setProperty("org.postgresql.pgpassfile", pgpass.toString());
    try (TrialStorage db =
        TrialStorage.open(noPassword, "p", "val_accuracy", true, TuningPartsTest.SPACE)) {
      assertEquals(0, db.trials().size());
    } finally {
      System.clearProperty("org.postgresql.pgpassfile");
    }
  }
}
