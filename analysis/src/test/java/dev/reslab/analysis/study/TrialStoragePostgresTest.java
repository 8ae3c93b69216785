package dev.reslab.analysis.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trial storage on a real PostgreSQL server started by the test ({@link PostgresServer}), so the SQL shared with
 * SQLite is checked on both in every build.
 */
class TrialStoragePostgresTest {
  @TempDir
  Path tmp;

  @Test
  void tuningStorageWorksOnPostgres() {
    TuningPartsTest.storageNumbersTrialsOnceAndTakesOverOrphans(PostgresServer.newDatabase("tuning"), "t");
  }

  @Test
  void plannedStudiesClaimAndTakeOverOnPostgres() {
    PlannedStorageTest.claimsOnceAndTakesOverSilentWorkers(PostgresServer.newDatabase("planned"));
  }

  /**
   * With the server asking for a password, a URL without one connects through the password file the PostgreSQL
   * driver reads ({@code PGPASSFILE}, {@code ~/.pgpass}; here its system-property form), so no password needs to be
   * on a command line.
   */
  @Test
  void thePasswordComesFromThePasswordFile() throws Exception {
    String url = PostgresServer.newDatabase("secured");
    try (var c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      st.execute("CREATE ROLE reslab LOGIN PASSWORD 'study-secret'");
      st.execute("GRANT ALL ON SCHEMA public TO reslab");
    }
    Path hba = PostgresServer.dataDirectory().resolve("pg_hba.conf");
    String original = Files.readString(hba);
    // the role logs in with a password; the superuser keeps trust for the other tests
    Files.writeString(hba, "host all reslab 127.0.0.1/32 scram-sha-256\nhost all reslab ::1/128 scram-sha-256\n"
        + original);
    reload(url);
    String noPassword = url.replace("user=postgres", "user=reslab");
    try {
      String refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> TrialStorage.open(noPassword, "p", "val_accuracy", true, TuningPartsTest.SPACE)).getMessage();
      assertTrue(refused.startsWith("cannot open the study storage " + noPassword + ": "), refused);
      Path pgpass = tmp.resolve("pgpass");
      Files.writeString(pgpass, "*:*:*:reslab:study-secret\n");
      System.setProperty("org.postgresql.pgpassfile", pgpass.toString());
      try (TrialStorage db = TrialStorage.open(noPassword, "p", "val_accuracy", true, TuningPartsTest.SPACE)) {
        assertEquals(0, db.trials().size());
      } finally {
        System.clearProperty("org.postgresql.pgpassfile");
      }
    } finally {
      Files.writeString(hba, original);
      reload(url);
    }
  }

  private static void reload(String url) throws Exception {
    try (var c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      st.execute("SELECT pg_reload_conf()");
    }
    Thread.sleep(300); // the postmaster rereads pg_hba.conf asynchronously
  }
}
