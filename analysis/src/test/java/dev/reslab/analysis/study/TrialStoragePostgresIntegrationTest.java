package dev.reslab.analysis.study;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The trial storage on a real PostgreSQL server, so the SQL shared with SQLite is checked on both. Opt-in: give a
 * database with {@code -Dreslab.test.postgres=jdbc:postgresql://127.0.0.1:5432/db?user=u} and
 * {@code -Dgroups=integration}; each run uses a new study name.
 */
@Tag("integration")
class TrialStoragePostgresIntegrationTest {

  @Test
  void storageWorksOnPostgres() {
    String url = System.getProperty("reslab.test.postgres");
    Assumptions.assumeTrue(url != null && !url.isBlank(), "no -Dreslab.test.postgres=JDBC_URL given");
    TuningPartsTest.storageNumbersTrialsOnceAndTakesOverOrphans(url, "test-" + System.nanoTime());
  }
}
