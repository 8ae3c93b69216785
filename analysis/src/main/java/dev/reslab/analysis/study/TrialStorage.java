package dev.reslab.analysis.study;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reslab.lock.RunLock;
import dev.reslab.model.training.EpochResult;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Trials in a relational database through JDBC: an SQLite file ({@code jdbc:sqlite:STUDY/study.db},
 * the default) or a PostgreSQL study several processes or machines share ({@code
 * jdbc:postgresql://host/db?user=…}). The SQL is the common subset of both.
 *
 * <p>Tuning trials are claimed by inserting a row under a primary key, so two processes never run
 * the same number. The trainings of an ablation or sweep are planned at once ({@link #createStudy}:
 * one {@code WAITING} row per variant and seed, the plan, its data checksum and reslab version) and
 * claimed by moving a row from {@code WAITING} to {@code RUNNING} in one conditional update. A
 * {@code RUNNING} trial is abandoned when its owner ran on this host and is gone, or when its
 * heartbeat is older than the timeout (a worker on another machine that died or lost the network);
 * the next claim takes it over.
 *
 * <p>A PostgreSQL password need not be in the URL (where {@code ps} would show it): without one the
 * driver reads the password file ({@code PGPASSFILE}, else {@code ~/.pgpass}), and {@code
 * PGPASSWORD} is honoured as by {@code psql}.
 */
public final class TrialStorage implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Connection db;
  private final String study;
  private final String owner;

  /**
   * Planned trials this connection claimed and has not finished or released: not orphans of this
   * process.
   */
  private final Set<Integer> held = new HashSet<>();

  private TrialStorage(Connection db, String study) {
    this.db = db;
    this.study = study;
    this.owner = workerName();
  }

  /** This process as the storage records its trials' owner: {@code host:pid}. */
  public static String workerName() {
    return host() + ":" + ProcessHandle.current().pid();
  }

  /** Connects, taking a PostgreSQL password from {@code PGPASSWORD} when the URL has none. */
  static Connection connect(String url) throws SQLException {
    Properties props = new Properties();
    String env = System.getenv("PGPASSWORD");
    if (url.startsWith("jdbc:postgresql:")
        && env != null
        && !env.isEmpty()
        && !url.toLowerCase(Locale.ROOT).contains("password=")) {
      props.setProperty("password", env);
    }
    return DriverManager.getConnection(url, props);
  }

  private static TrialStorage connectTo(String url, String name) {
    try {
      return new TrialStorage(connect(url), name);
    } catch (SQLException e) {
      throw new IllegalArgumentException(
          "cannot open the study storage " + redact(url) + ": " + firstLine(e.getMessage()));
    }
  }

  /**
   * Opens (creating the tables if needed) the study {@code name} in {@code url}; a study of that
   * name must have the same metric, direction and search space.
   */
  public static TrialStorage open(
      String url, String name, String metric, boolean maximize, SearchSpace space) {
    return prepared(
        url,
        name,
        s -> s.registerStudy(metric, maximize ? "maximize" : "minimize", space.describe()));
  }

  /**
   * Creates the planned study {@code name} in {@code url}, or opens it when it exists: {@code plan}
   * is stored the first time; {@code runs} (one parameter map per training, in order) become {@code
   * WAITING} trials numbered from 1, and runs added later (more seeds) are appended. The caller
   * checks that an existing plan matches.
   */
  public static TrialStorage createStudy(
      String url,
      String name,
      String metric,
      boolean maximize,
      StoredPlan plan,
      List<Map<String, String>> runs) {
    return prepared(
        url,
        name,
        s -> {
          s.registerStudy(metric, maximize ? "maximize" : "minimize", "planned " + plan.kind());
          s.storePlan(plan);
          s.addPlanned(runs);
        });
  }

  /**
   * Opens the planned study {@code name}; fails in one sentence when {@code url} holds no such
   * study.
   */
  public static TrialStorage openStudy(String url, String name) {
    TrialStorage s = prepared(url, name, x -> {});
    if (s.plan().isEmpty()) {
      s.close();
      throw new IllegalArgumentException(
          "the study storage "
              + redact(url)
              + " holds no planned study '"
              + name
              + "' (create it with reslab ablate or sweep)");
    }
    return s;
  }

  private interface Setup {
    void apply(TrialStorage s) throws SQLException;
  }

  private static TrialStorage prepared(String url, String name, Setup setup) {
    TrialStorage s = connectTo(url, name);
    try {
      s.createTables(url.startsWith("jdbc:sqlite:"));
      setup.apply(s);
    } catch (SQLException e) {
      s.close();
      throw new IllegalArgumentException(
          "cannot use the study storage " + redact(url) + ": " + firstLine(e.getMessage()));
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /**
   * What a planned study stores besides its trials.
   *
   * @param kind {@code ablation} or {@code sweep}
   * @param json the plan as JSON (variants, seeds, training, data)
   * @param dataChecksum digest of the data set the plan was made with
   * @param reslabVersion the reslab version that made it
   */
  public record StoredPlan(String kind, String json, String dataChecksum, String reslabVersion) {}

  /** The stored plan of this study, if it is a planned one. */
  public Optional<StoredPlan> plan() {
    try (PreparedStatement q =
        db.prepareStatement(
            "SELECT kind, plan, data_checksum, reslab_version FROM reslab_study_plans WHERE name = ?")) {
      q.setString(1, study);
      try (ResultSet r = q.executeQuery()) {
        return r.next()
            ? Optional.of(
                new StoredPlan(r.getString(1), r.getString(2), r.getString(3), r.getString(4)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("read the study plan", e);
    }
  }

  /** Replaces the stored plan's JSON (a study grown by more seeds). */
  public void updatePlan(String json) {
    try (PreparedStatement u =
        db.prepareStatement("UPDATE reslab_study_plans SET plan = ? WHERE name = ?")) {
      u.setString(1, json);
      u.setString(2, study);
      u.executeUpdate();
    } catch (SQLException e) {
      throw failure("update the study plan", e);
    }
  }

  private void storePlan(StoredPlan plan) throws SQLException {
    if (plan().isPresent()) {
      return;
    }
    try (PreparedStatement ins =
        db.prepareStatement(
            "INSERT INTO reslab_study_plans (name, kind, plan, "
                + "data_checksum, reslab_version, created) VALUES (?, ?, ?, ?, ?, ?)")) {
      ins.setString(1, study);
      ins.setString(2, plan.kind());
      ins.setString(3, plan.json());
      ins.setString(4, plan.dataChecksum());
      ins.setString(5, plan.reslabVersion());
      ins.setString(6, Instant.now().toString());
      ins.executeUpdate();
    } catch (SQLException e) {
      if (plan().isEmpty()) {
        throw e;
      }
      // another process stored it at the same moment
    }
  }

  /**
   * Adds planned trainings as {@code WAITING} trials after those the study has (runs are numbered
   * from 1 in {@code runs}' order; a study grown by more seeds appends the new ones).
   */
  public void addPlanned(List<Map<String, String>> runs) {
    int existing = trials().size();
    for (int i = existing; i < runs.size(); i++) {
      try (PreparedStatement ins =
          db.prepareStatement(
              "INSERT INTO reslab_trials (study, number, state, params, "
                  + "value, run_dir, owner) VALUES (?, ?, 'WAITING', ?, NULL, '', '')")) {
        ins.setString(1, study);
        ins.setInt(2, i + 1);
        ins.setString(3, JSON.writeValueAsString(runs.get(i)));
        ins.executeUpdate();
      } catch (SQLException e) {
        // another process planned the same run at the same moment
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private void createTables(boolean sqlite) throws SQLException {
    try (Statement st = db.createStatement()) {
      if (sqlite) {
        // several processes may share the file: wait for a lock instead of failing at once
        st.execute("PRAGMA busy_timeout = 30000");
      }
      st.execute(
          "CREATE TABLE IF NOT EXISTS reslab_studies (name VARCHAR(200) PRIMARY KEY, metric VARCHAR(100) "
              + "NOT NULL, direction VARCHAR(10) NOT NULL, space TEXT NOT NULL, created VARCHAR(40) NOT NULL)");
      st.execute(
          "CREATE TABLE IF NOT EXISTS reslab_trials (study VARCHAR(200) NOT NULL, number INTEGER NOT NULL, "
              + "state VARCHAR(10) NOT NULL, params TEXT NOT NULL, value DOUBLE PRECISION, run_dir TEXT NOT NULL, "
              + "owner VARCHAR(200) NOT NULL, started VARCHAR(40), finished VARCHAR(40), PRIMARY KEY (study, number))");
      st.execute(
          "CREATE TABLE IF NOT EXISTS reslab_trial_values (study VARCHAR(200) NOT NULL, number INTEGER NOT "
              + "NULL, epoch INTEGER NOT NULL, value DOUBLE PRECISION, PRIMARY KEY (study, number, epoch))");
      // planned studies (ablate, sweep): the plan, and every metric of every epoch so reports need
      // no run folders
      st.execute(
          "CREATE TABLE IF NOT EXISTS reslab_study_plans (name VARCHAR(200) PRIMARY KEY, kind VARCHAR(20) "
              + "NOT NULL, plan TEXT NOT NULL, data_checksum VARCHAR(100) NOT NULL, reslab_version VARCHAR(100) NOT NULL, "
              + "created VARCHAR(40) NOT NULL)");
      st.execute(
          "CREATE TABLE IF NOT EXISTS reslab_trial_epochs (study VARCHAR(200) NOT NULL, number INTEGER NOT "
              + "NULL, epoch INTEGER NOT NULL, metrics TEXT NOT NULL, PRIMARY KEY (study, number, epoch))");
    }
    // heartbeats came after the first release of the trials table: add the column to older
    // databases
    try (ResultSet cols = db.getMetaData().getColumns(null, null, "reslab_trials", "heartbeat")) {
      if (cols.next()) {
        return;
      }
    }
    try (Statement st = db.createStatement()) {
      st.execute("ALTER TABLE reslab_trials ADD COLUMN heartbeat BIGINT");
    } catch (SQLException e) {
      // another process added it at the same moment
    }
  }

  private void registerStudy(String metric, String direction, String space) throws SQLException {
    try (PreparedStatement q =
        db.prepareStatement("SELECT metric, direction, space FROM reslab_studies WHERE name = ?")) {
      q.setString(1, study);
      try (ResultSet r = q.executeQuery()) {
        if (r.next()) {
          String stored = r.getString(1) + " " + r.getString(2) + " " + r.getString(3);
          String wanted = metric + " " + direction + " " + space;
          if (!stored.equals(wanted)) {
            throw new IllegalArgumentException(
                "the study '"
                    + study
                    + "' was started with "
                    + stored
                    + "; it cannot continue with "
                    + wanted
                    + " (choose another study name or directory)");
          }
          return;
        }
      }
    }
    try (PreparedStatement ins =
        db.prepareStatement(
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
    try (PreparedStatement q =
        db.prepareStatement(
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
      try (PreparedStatement t =
          db.prepareStatement(
              "SELECT number, state, params, value, run_dir, owner FROM "
                  + "reslab_trials WHERE study = ? ORDER BY number")) {
        t.setString(1, study);
        try (ResultSet r = t.executeQuery()) {
          while (r.next()) {
            double v = r.getDouble(4);
            double value = r.wasNull() ? Double.NaN : v;
            trials.add(
                new Trial(
                    r.getInt(1),
                    Trial.State.valueOf(r.getString(2)),
                    params(r.getString(3)),
                    value,
                    values.getOrDefault(r.getInt(1), new TreeMap<>()),
                    r.getString(5),
                    r.getString(6)));
          }
        }
      }
      return trials;
    } catch (SQLException e) {
      throw failure("read the trials", e);
    }
  }

  /**
   * The next trial to run: a trial this host's dead processes left running (with its own
   * hyperparameters), else a new number with hyperparameters from {@code sampler}, as long as the
   * study has fewer than {@code total} trials.
   */
  public Optional<Trial> claim(
      int total, Supplier<Map<String, String>> sampler, IntFunction<String> runDir) {
    for (Trial t : trials()) {
      if (t.state() == Trial.State.RUNNING && orphaned(t.owner())) {
        try (PreparedStatement u =
            db.prepareStatement(
                "UPDATE reslab_trials SET owner = ? WHERE study = ? AND number = ? AND owner = ? AND state = 'RUNNING'")) {
          u.setString(1, owner);
          u.setString(2, study);
          u.setInt(3, t.number());
          u.setString(4, t.owner());
          if (u.executeUpdate() == 1) {
            return Optional.of(
                new Trial(
                    t.number(),
                    t.state(),
                    t.params(),
                    t.value(),
                    t.intermediate(),
                    t.runDir(),
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
      try (PreparedStatement ins =
          db.prepareStatement(
              "INSERT INTO reslab_trials (study, number, state, params, "
                  + "value, run_dir, owner, started) VALUES (?, ?, 'RUNNING', ?, NULL, ?, ?, ?)")) {
        ins.setString(1, study);
        ins.setInt(2, number);
        ins.setString(3, JSON.writeValueAsString(params));
        ins.setString(4, runDir.apply(number));
        ins.setString(5, owner);
        ins.setString(6, Instant.now().toString());
        ins.executeUpdate();
        return Optional.of(
            new Trial(
                number,
                Trial.State.RUNNING,
                params,
                Double.NaN,
                new TreeMap<>(),
                runDir.apply(number),
                owner));
      } catch (SQLException e) {
        // another process took this number first: look again
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException(
        "could not claim a trial number after 20 attempts (heavy contention?)");
  }

  /**
   * A claimed training of a planned study.
   *
   * @param trial the trial, now {@code RUNNING} and owned by this process
   * @param previousOwner who held it before ({@code ""} for a fresh claim)
   * @param previousDir where that owner trained it ({@code ""} for a fresh claim)
   */
  public record Claim(Trial trial, String previousOwner, String previousDir) {
    public boolean takenOver() {
      return !previousOwner.isEmpty();
    }
  }

  /**
   * Claims the next planned training: one abandoned by its owner (gone from this host, or silent
   * for longer than {@code heartbeatTimeout}; it was started first), else the first {@code WAITING}
   * one. {@code runDir} says where this process will train it, given what the trial recorded. Empty
   * when nothing is left to claim now (others may still be running).
   */
  public Optional<Claim> claimPlanned(Duration heartbeatTimeout, Function<Trial, String> runDir) {
    List<Trial> all = trials();
    Map<Integer, Long> beats = heartbeats();
    long now = System.currentTimeMillis();
    for (Trial t : all) {
      Long beat = beats.get(t.number());
      boolean silent = beat != null && now - beat > heartbeatTimeout.toMillis();
      boolean mine = t.owner().equals(owner) && held.contains(t.number());
      if (t.state() == Trial.State.RUNNING
          && !mine
          && (orphaned(t.owner()) || silent)
          && !stillTrained(t)
          && update(
                  "UPDATE reslab_trials SET owner = ?, heartbeat = ?, run_dir = ? WHERE study = ? AND number = ? "
                      + "AND owner = ? AND state = 'RUNNING'",
                  owner,
                  now,
                  runDir.apply(t),
                  study,
                  t.number(),
                  t.owner())
              == 1) {
        held.add(t.number());
        return Optional.of(new Claim(owned(t, runDir.apply(t)), t.owner(), t.runDir()));
      }
    }
    for (Trial t : all) {
      if (t.state() == Trial.State.WAITING
          && update(
                  "UPDATE reslab_trials SET state = 'RUNNING', owner = ?, "
                      + "heartbeat = ?, started = ?, run_dir = ? WHERE study = ? AND number = ? AND state = 'WAITING'",
                  owner,
                  System.currentTimeMillis(),
                  Instant.now().toString(),
                  runDir.apply(t),
                  study,
                  t.number())
              == 1) {
        held.add(t.number());
        return Optional.of(new Claim(owned(t, runDir.apply(t)), "", ""));
      }
    }
    return Optional.empty();
  }

  private Trial owned(Trial t, String dir) {
    return new Trial(
        t.number(), Trial.State.RUNNING, t.params(), Double.NaN, t.intermediate(), dir, owner);
  }

  /** Last heartbeat (epoch milliseconds) of each running trial that has one. */
  private Map<Integer, Long> heartbeats() {
    Map<Integer, Long> beats = new HashMap<>();
    try (PreparedStatement q =
        db.prepareStatement(
            "SELECT number, heartbeat FROM reslab_trials WHERE study = ? AND state = 'RUNNING'")) {
      q.setString(1, study);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          long beat = r.getLong(2);
          if (!r.wasNull()) {
            beats.put(r.getInt(1), beat);
          }
        }
      }
      return beats;
    } catch (SQLException e) {
      throw failure("read the heartbeats", e);
    }
  }

  /**
   * Says this process still works on trial {@code number}; false when another process has taken it
   * over (this one was silent too long) and this one should stop.
   */
  public boolean beat(int number) {
    return update(
            "UPDATE reslab_trials SET heartbeat = ? WHERE study = ? AND number = ? AND owner = ? AND state = "
                + "'RUNNING'",
            System.currentTimeMillis(),
            study,
            number,
            owner)
        == 1;
  }

  /**
   * Records a finished epoch of a planned training: every metric, and the study metric as a trial
   * value.
   */
  public void recordEpoch(int number, EpochResult row, String metric) {
    try {
      update(
          "INSERT INTO reslab_trial_epochs (study, number, epoch, metrics) VALUES (?, ?, ?, ?) ON CONFLICT "
              + "(study, number, epoch) DO UPDATE SET metrics = excluded.metrics",
          study,
          number,
          row.epoch(),
          JSON.writeValueAsString(row));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    report(number, row.epoch(), row.get(metric));
  }

  /** Every recorded epoch of every trial, by trial number. */
  public Map<Integer, List<EpochResult>> epochs() {
    Map<Integer, List<EpochResult>> epochs = new TreeMap<>();
    try (PreparedStatement q =
        db.prepareStatement(
            "SELECT number, metrics FROM reslab_trial_epochs WHERE study = ? ORDER BY number, epoch")) {
      q.setString(1, study);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          epochs
              .computeIfAbsent(r.getInt(1), k -> new ArrayList<>())
              .add(JSON.readValue(r.getString(2), EpochResult.class));
        }
      }
      return epochs;
    } catch (SQLException e) {
      throw failure("read the epochs", e);
    } catch (IOException e) {
      throw new IllegalStateException("a stored epoch is unreadable: " + e.getMessage(), e);
    }
  }

  private int update(String sql, Object... args) {
    try (PreparedStatement u = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        u.setObject(i + 1, args[i]);
      }
      return u.executeUpdate();
    } catch (SQLException e) {
      throw failure("update trial storage", e);
    }
  }

  /**
   * Records the metric after an epoch (once per epoch: a resumed trial overwrites its own earlier
   * value).
   */
  public void report(int number, int epoch, double value) {
    try (PreparedStatement ins =
        db.prepareStatement(
            "INSERT INTO reslab_trial_values (study, number, epoch, value) "
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

  /**
   * Lets go of a planned trial this process claimed but stopped working on without finishing it (an
   * error, or another worker took it over): a later claim by this process may take it up again.
   */
  public void release(int number) {
    held.remove(number);
  }

  /** Ends a trial. */
  public void finish(int number, Trial.State state, double value) {
    held.remove(number);
    try (PreparedStatement u =
        db.prepareStatement(
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
      s.setNull(i, Types.DOUBLE);
    }
  }

  /**
   * A run folder reachable here whose lock is held is still trained, however silent its worker's
   * heartbeat: taking it over would mix two trainings in one run.
   */
  private static boolean stillTrained(Trial t) {
    return !t.runDir().isEmpty() && RunLock.isHeld(Path.of(t.runDir()));
  }

  /** A trial is orphaned when its owner ran on this host and is this process or no longer alive. */
  private boolean orphaned(String trialOwner) {
    int colon = trialOwner.lastIndexOf(':');
    if (colon < 0 || !trialOwner.substring(0, colon).equals(host())) {
      return false;
    }
    try {
      long pid = Long.parseLong(trialOwner.substring(colon + 1));
      return pid == ProcessHandle.current().pid()
          || ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
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
    return new IllegalStateException(
        "cannot " + what + " in the study storage: " + firstLine(e.getMessage()), e);
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  /** A JDBC URL without its password, for messages. */
  public static String redact(String url) {
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
