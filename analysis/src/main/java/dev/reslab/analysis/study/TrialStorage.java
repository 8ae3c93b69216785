package dev.reslab.analysis.study;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Tuning trials in a relational database through JDBC: an SQLite file ({@code jdbc:sqlite:STUDY/study.db}, the
 * default) or a PostgreSQL study several processes or machines share ({@code jdbc:postgresql://host/db?user=…}). The
 * SQL is the common subset of both. Trial numbers are claimed by inserting a row under a primary key, so two
 * processes never run the same number; a trial left {@code RUNNING} by a process that died on this host is taken
 * over, with its hyperparameters, when the study is started again.
 */
public final class TrialStorage implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Connection db;
  private final String study;
  private final String owner;

  private TrialStorage(Connection db, String study) {
    this.db = db;
    this.study = study;
    this.owner = host() + ":" + ProcessHandle.current().pid();
  }

  /**
   * Opens (creating the tables if needed) the study {@code name} in {@code url}; a study of that name must have the
   * same metric, direction and search space.
   */
  public static TrialStorage open(String url, String name, String metric, boolean maximize, SearchSpace space) {
    Connection db;
    try {
      db = DriverManager.getConnection(url);
    } catch (SQLException e) {
      throw new IllegalArgumentException("cannot open the study storage " + redact(url) + ": "
          + firstLine(e.getMessage()));
    }
    TrialStorage s = new TrialStorage(db, name);
    try {
      s.createTables(url.startsWith("jdbc:sqlite:"));
      s.registerStudy(metric, maximize ? "maximize" : "minimize", space.describe());
    } catch (SQLException e) {
      s.close();
      throw new IllegalArgumentException("cannot use the study storage " + redact(url) + ": "
          + firstLine(e.getMessage()));
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  private void createTables(boolean sqlite) throws SQLException {
    try (Statement st = db.createStatement()) {
      if (sqlite) {
        // several processes may share the file: wait for a lock instead of failing at once
        st.execute("PRAGMA busy_timeout = 30000");
      }
      st.execute("CREATE TABLE IF NOT EXISTS reslab_studies (name VARCHAR(200) PRIMARY KEY, metric VARCHAR(100) "
          + "NOT NULL, direction VARCHAR(10) NOT NULL, space TEXT NOT NULL, created VARCHAR(40) NOT NULL)");
      st.execute("CREATE TABLE IF NOT EXISTS reslab_trials (study VARCHAR(200) NOT NULL, number INTEGER NOT NULL, "
          + "state VARCHAR(10) NOT NULL, params TEXT NOT NULL, value DOUBLE PRECISION, run_dir TEXT NOT NULL, "
          + "owner VARCHAR(200) NOT NULL, started VARCHAR(40), finished VARCHAR(40), PRIMARY KEY (study, number))");
      st.execute("CREATE TABLE IF NOT EXISTS reslab_trial_values (study VARCHAR(200) NOT NULL, number INTEGER NOT "
          + "NULL, epoch INTEGER NOT NULL, value DOUBLE PRECISION, PRIMARY KEY (study, number, epoch))");
    }
  }

  private void registerStudy(String metric, String direction, String space) throws SQLException {
    try (PreparedStatement q = db.prepareStatement(
        "SELECT metric, direction, space FROM reslab_studies WHERE name = ?")) {
      q.setString(1, study);
      try (ResultSet r = q.executeQuery()) {
        if (r.next()) {
          String stored = r.getString(1) + " " + r.getString(2) + " " + r.getString(3);
          String wanted = metric + " " + direction + " " + space;
          if (!stored.equals(wanted)) {
            throw new IllegalArgumentException("the study '" + study + "' was started with " + stored
                + "; it cannot continue with " + wanted + " (choose another study name or directory)");
          }
          return;
        }
      }
    }
    try (PreparedStatement ins = db.prepareStatement(
        "INSERT INTO reslab_studies (name, metric, direction, space, created) VALUES (?, ?, ?, ?, ?)")) {
      ins.setString(1, study);
      ins.setString(2, metric);
      ins.setString(3, direction);
      ins.setString(4, space);
      ins.setString(5, Instant.now().toString());
      ins.executeUpdate();
    } catch (SQLException e) {
      // another process registered it at the same moment: check it matches
      registerStudy(metric, direction, space);
    }
  }

  /** Every trial of the study, by number. */
  public List<Trial> trials() {
    Map<Integer, TreeMap<Integer, Double>> values = new LinkedHashMap<>();
    try (PreparedStatement q = db.prepareStatement(
        "SELECT number, epoch, value FROM reslab_trial_values WHERE study = ? ORDER BY number, epoch")) {
      q.setString(1, study);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          double v = r.getDouble(3);
          double value = r.wasNull() ? Double.NaN : v; // wasNull speaks of the last column read
          values.computeIfAbsent(r.getInt(1), k -> new TreeMap<>()).put(r.getInt(2), value);
        }
      }
      List<Trial> trials = new ArrayList<>();
      try (PreparedStatement t = db.prepareStatement("SELECT number, state, params, value, run_dir, owner FROM "
          + "reslab_trials WHERE study = ? ORDER BY number")) {
        t.setString(1, study);
        try (ResultSet r = t.executeQuery()) {
          while (r.next()) {
            double v = r.getDouble(4);
            double value = r.wasNull() ? Double.NaN : v;
            trials.add(new Trial(r.getInt(1), Trial.State.valueOf(r.getString(2)), params(r.getString(3)), value,
                values.getOrDefault(r.getInt(1), new TreeMap<>()), r.getString(5), r.getString(6)));
          }
        }
      }
      return trials;
    } catch (SQLException e) {
      throw failure("read the trials", e);
    }
  }

  /**
   * The next trial to run: a trial this host's dead processes left running (with its own hyperparameters), else a
   * new number with hyperparameters from {@code sampler}, as long as the study has fewer than {@code total} trials.
   */
  public Optional<Trial> claim(int total, Supplier<Map<String, String>> sampler, java.util.function.IntFunction<String> runDir) {
    for (Trial t : trials()) {
      if (t.state() == Trial.State.RUNNING && orphaned(t.owner())) {
        try (PreparedStatement u = db.prepareStatement(
            "UPDATE reslab_trials SET owner = ? WHERE study = ? AND number = ? AND owner = ? AND state = 'RUNNING'")) {
          u.setString(1, owner);
          u.setString(2, study);
          u.setInt(3, t.number());
          u.setString(4, t.owner());
          if (u.executeUpdate() == 1) {
            return Optional.of(new Trial(t.number(), t.state(), t.params(), t.value(), t.intermediate(), t.runDir(),
                owner));
          }
        } catch (SQLException e) {
          throw failure("take over trial " + t.number(), e);
        }
      }
    }
    for (int attempt = 0; attempt < 20; attempt++) {
      List<Trial> all = trials();
      if (all.size() >= total) {
        return Optional.empty();
      }
      int number = all.stream().mapToInt(Trial::number).max().orElse(0) + 1;
      Map<String, String> params = sampler.get();
      try (PreparedStatement ins = db.prepareStatement("INSERT INTO reslab_trials (study, number, state, params, "
          + "value, run_dir, owner, started) VALUES (?, ?, 'RUNNING', ?, NULL, ?, ?, ?)")) {
        ins.setString(1, study);
        ins.setInt(2, number);
        ins.setString(3, JSON.writeValueAsString(params));
        ins.setString(4, runDir.apply(number));
        ins.setString(5, owner);
        ins.setString(6, Instant.now().toString());
        ins.executeUpdate();
        return Optional.of(new Trial(number, Trial.State.RUNNING, params, Double.NaN, new TreeMap<>(),
            runDir.apply(number), owner));
      } catch (SQLException e) {
        // another process took this number first: look again
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("could not claim a trial number after 20 attempts (heavy contention?)");
  }

  /** Records the metric after an epoch (once per epoch: a resumed trial overwrites its own earlier value). */
  public void report(int number, int epoch, double value) {
    try (PreparedStatement ins = db.prepareStatement("INSERT INTO reslab_trial_values (study, number, epoch, value) "
        + "VALUES (?, ?, ?, ?) ON CONFLICT (study, number, epoch) DO UPDATE SET value = excluded.value")) {
      ins.setString(1, study);
      ins.setInt(2, number);
      ins.setInt(3, epoch);
      setDouble(ins, 4, value);
      ins.executeUpdate();
    } catch (SQLException e) {
      throw failure("record trial " + number + " epoch " + epoch, e);
    }
  }

  /** Ends a trial. */
  public void finish(int number, Trial.State state, double value) {
    try (PreparedStatement u = db.prepareStatement(
        "UPDATE reslab_trials SET state = ?, value = ?, finished = ? WHERE study = ? AND number = ?")) {
      u.setString(1, state.name());
      setDouble(u, 2, value);
      u.setString(3, Instant.now().toString());
      u.setString(4, study);
      u.setInt(5, number);
      u.executeUpdate();
    } catch (SQLException e) {
      throw failure("finish trial " + number, e);
    }
  }

  private static void setDouble(PreparedStatement s, int i, double v) throws SQLException {
    if (Double.isFinite(v)) {
      s.setDouble(i, v);
    } else {
      s.setNull(i, java.sql.Types.DOUBLE);
    }
  }

  /** A trial is orphaned when its owner ran on this host and is this process or no longer alive. */
  private boolean orphaned(String trialOwner) {
    int colon = trialOwner.lastIndexOf(':');
    if (colon < 0 || !trialOwner.substring(0, colon).equals(host())) {
      return false;
    }
    try {
      long pid = Long.parseLong(trialOwner.substring(colon + 1));
      return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static Map<String, String> params(String json) {
    try {
      return JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() {});
    } catch (IOException e) {
      throw new IllegalStateException("a stored trial has unreadable parameters: " + json);
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  private IllegalStateException failure(String what, SQLException e) {
    return new IllegalStateException("cannot " + what + " in the study storage: " + firstLine(e.getMessage()), e);
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  /** A JDBC URL without its password, for messages. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  @Override
  public void close() {
    try {
      db.close();
    } catch (SQLException e) {
      // nothing left to do with a connection that will not close
    }
  }
}
