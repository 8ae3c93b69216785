package dev.reslab.analysis.study;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reslab.model.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a tuning study as an SQLite file in the schema Optuna 5 creates, so Optuna itself reads
 * it: {@code optuna.load_study(study_name=NAME, storage="sqlite:///FILE")} lists every trial with
 * its parameters (with their distributions), state, per-epoch intermediate values and value, and
 * {@code optuna.visualization}, {@code optuna.importance} and optuna-dashboard work on it.
 *
 * <p>A snapshot, not a shared storage: reslab keeps running its study in its own tables, and the
 * export is written whole to a temporary file and renamed into place. Optuna numbers trials from 0,
 * reslab from 1: Optuna's trial {@code n} is reslab's trial {@code n + 1} (also in the user
 * attribute {@code reslab_trial}, beside {@code run_dir}). Learning rate and weight decay become
 * log-scale {@code FloatDistribution}s, batch size and optimizer {@code CategoricalDistribution}s
 * (batch sizes as integers).
 */
public final class OptunaExport {
  /**
   * Optuna's schema version and the Alembic revision of that schema
   * (optuna/storages/_rdb/models.py).
   */
  private static final int SCHEMA_VERSION = 12;

  private static final String ALEMBIC_REVISION = "v3.2.0.a";
  private static final String LIBRARY_VERSION = "5.0.0";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter DATETIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  private OptunaExport() {}

  /**
   * Writes {@code trials} of the study {@code settings} describes to {@code file} (replaced if it
   * exists). A trial started when its run directory's {@code config.json} says it was created and
   * finished when its {@code metrics.csv} was last written (Optuna's timeline and dashboard show
   * these).
   */
  public static void write(Path file, TuneSettings settings, List<Trial> trials) {
    Path parent = file.toAbsolutePath().getParent();
    Path tmp = parent.resolve("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    try {
      Files.createDirectories(parent);
      Files.deleteIfExists(tmp);
      try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + tmp)) {
        db.setAutoCommit(false);
        createSchema(db);
        writeStudy(db, settings, trials);
        db.commit();
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot write the Optuna study " + file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the Optuna study " + file + ": " + e.getMessage(), e);
    } finally {
      AtomicFiles.deleteTree(tmp); // left only when something failed
    }
  }

  private static void createSchema(Connection db) throws SQLException, IOException {
    String ddl;
    try (InputStream in = OptunaExport.class.getResourceAsStream("optuna-schema.sql")) {
      ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (Statement st = db.createStatement()) {
      for (String sql : ddl.replaceAll("(?m)^--.*$", "").split(";")) {
        if (!sql.isBlank()) {
          st.execute(sql);
        }
      }
      st.execute(
          "INSERT INTO version_info (version_info_id, schema_version, library_version) VALUES (1, "
              + SCHEMA_VERSION
              + ", '"
              + LIBRARY_VERSION
              + "')");
      st.execute("INSERT INTO alembic_version (version_num) VALUES ('" + ALEMBIC_REVISION + "')");
    }
  }

  private static void writeStudy(Connection db, TuneSettings settings, List<Trial> trials)
      throws SQLException, IOException {
    update(db, "INSERT INTO studies (study_id, study_name) VALUES (1, ?)", settings.name());
    update(
        db,
        "INSERT INTO study_directions (study_id, direction, objective) VALUES (1, ?, 0)",
        settings.maximize() ? "MAXIMIZE" : "MINIMIZE");
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("metric", settings.metric());
    attributes.put("sampler", settings.sampler().name());
    attributes.put("search_space", settings.space().describe());
    for (Map.Entry<String, Object> a : attributes.entrySet()) {
      update(
          db,
          "INSERT INTO study_user_attributes (study_id, \"key\", value_json) VALUES (1, ?, ?)",
          a.getKey(),
          JSON.writeValueAsString(a.getValue()));
    }
    for (Trial t : trials) {
      try (PreparedStatement ins =
          db.prepareStatement(
              "INSERT INTO trials (trial_id, number, study_id, state, "
                  + "datetime_start, datetime_complete) VALUES (?, ?, 1, ?, ?, ?)")) {
        ins.setInt(1, t.number());
        ins.setInt(2, t.number() - 1);
        ins.setString(3, t.state().name()); // RUNNING, COMPLETE, PRUNED, FAIL: Optuna's names too
        Path run = Path.of(t.runDir());
        setTime(ins, 4, started(run));
        setTime(ins, 5, t.state() == Trial.State.RUNNING ? Optional.empty() : finished(run));
        ins.executeUpdate();
      }
      for (SearchSpace.Param p : settings.space().params()) {
        String value = t.params().get(p.name());
        if (value != null) {
          update(
              db,
              "INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json) "
                  + "VALUES (?, ?, ?, ?)",
              t.number(),
              p.name(),
              internalValue(p, value),
              distribution(p));
        }
      }
      if (t.state() != Trial.State.RUNNING
          && t.state() != Trial.State.FAIL
          && !Double.isNaN(t.value())) {
        update(
            db,
            "INSERT INTO trial_values (trial_id, objective, value, value_type) VALUES (?, 0, ?, ?)",
            t.number(),
            finiteOrNull(t.value()),
            valueType(t.value()));
      }
      for (Map.Entry<Integer, Double> e : t.intermediate().entrySet()) {
        update(
            db,
            "INSERT INTO trial_intermediate_values (trial_id, step, intermediate_value, "
                + "intermediate_value_type) VALUES (?, ?, ?, ?)",
            t.number(),
            e.getKey(),
            finiteOrNull(e.getValue()),
            valueType(e.getValue()));
      }
      update(
          db,
          "INSERT INTO trial_user_attributes (trial_id, \"key\", value_json) VALUES (?, 'reslab_trial', ?)",
          t.number(),
          String.valueOf(t.number()));
      update(
          db,
          "INSERT INTO trial_user_attributes (trial_id, \"key\", value_json) VALUES (?, 'run_dir', ?)",
          t.number(),
          JSON.writeValueAsString(t.runDir()));
    }
  }

  private static Optional<Instant> started(Path run) {
    try {
      return Optional.of(
          Instant.parse(
              JSON.readTree(run.resolve("config.json").toFile()).path("created").asText()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // a trial that never got as far as its configuration
    }
  }

  private static Optional<Instant> finished(Path run) {
    try {
      return Optional.of(Files.getLastModifiedTime(run.resolve("metrics.csv")).toInstant());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Optuna stores a float as itself and a categorical value as its index among the choices. */
  private static double internalValue(SearchSpace.Param p, String value) {
    if (p instanceof SearchSpace.Choice c) {
      int index = c.values().indexOf(value);
      if (index < 0) {
        throw new IllegalArgumentException(
            "trial value '"
                + value
                + "' of "
                + p.name()
                + " is not one of its "
                + "choices "
                + c.values());
      }
      return index;
    }
    return Double.parseDouble(value);
  }

  private static String distribution(SearchSpace.Param p) throws IOException {
    Map<String, Object> attributes = new LinkedHashMap<>();
    String name;
    if (p instanceof SearchSpace.LogUniform l) {
      name = "FloatDistribution";
      attributes.put("step", null);
      attributes.put("low", l.low());
      attributes.put("high", l.high());
      attributes.put("log", true);
    } else {
      name = "CategoricalDistribution";
      List<String> values = ((SearchSpace.Choice) p).values();
      boolean integers = values.stream().allMatch(v -> v.matches("-?\\d{1,9}"));
      attributes.put("choices", integers ? values.stream().map(Integer::valueOf).toList() : values);
    }
    return JSON.writeValueAsString(Map.of("name", name, "attributes", attributes));
  }

  private static Double finiteOrNull(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /**
   * Optuna's {@code TrialValueType}: FINITE, INF_POS, INF_NEG (and NAN for intermediate values).
   */
  private static String valueType(double v) {
    if (Double.isNaN(v)) {
      return "NAN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "INF_POS" : "INF_NEG";
    }
    return "FINITE";
  }

  private static void setTime(PreparedStatement s, int i, Optional<Instant> t) throws SQLException {
    if (t.isPresent()) {
      // Optuna writes naive local-time datetimes as text; UTC keeps exports comparable across
      // machines.
      s.setString(i, LocalDateTime.ofInstant(t.get(), ZoneOffset.UTC).format(DATETIME));
    } else {
      s.setNull(i, Types.VARCHAR);
    }
  }

  private static void update(Connection db, String sql, Object... args) throws SQLException {
    try (PreparedStatement s = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        if (args[i] == null) {
          s.setNull(i + 1, Types.DOUBLE);
        } else {
          s.setObject(i + 1, args[i]);
        }
      }
      s.executeUpdate();
    }
  }
}
