package dev.reslab.model.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.reslab.IoReason;
import dev.reslab.ReslabException;
import dev.reslab.json.JsonFileError;
import dev.reslab.model.io.AtomicFiles;
import dev.reslab.model.io.CsvWriter;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.training.EpochResult;
import dev.reslab.model.training.TrainingStop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * The files of one training run.
 *
 * <pre>
 * RUN/config.json                  model + data + training configuration, seed, versions
 * RUN/metrics.csv, metrics.jsonl   one row per epoch
 * RUN/checkpoints/epoch-NNN/       TF checkpoint (ckpt.index, ckpt.data-*, checkpoint) + state.json, renamed into
 *                                  place whole, so a kill leaves the old or the new checkpoint, never a torn one
 * RUN/best -> checkpoints/epoch-NNN  the best epoch by the chosen metric (also best.json)
 * RUN/tensorboard/                 event files
 * </pre>
 */
public final class RunDirectory {
  /** The checkpoint prefix inside an epoch directory. */
  public static final String CHECKPOINT_PREFIX = "ckpt";

  private static final Pattern EPOCH_DIR = Pattern.compile("epoch-(\\d{3,})");
  public static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path root;

  private RunDirectory(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /**
   * A run directory to write; creates it, and fails in one sentence when it cannot be written or
   * when it is a non-empty folder that is not a run (training would overwrite the user's files).
   */
  public static RunDirectory create(Path root) {
    refuseForeignFolder(root);
    try {
      Files.createDirectories(root.resolve("checkpoints"));
      Path probe = Files.createTempFile(root, ".write-test", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new ReslabException("cannot write the run directory " + root + ": " + reason(e));
    }
    return new RunDirectory(root);
  }

  /**
   * What a run directory may hold before its config.json exists (a run killed while it started).
   */
  private static final Set<String> RUN_ENTRIES = Set.of("checkpoints", "tensorboard");

  private static void refuseForeignFolder(Path root) {
    if (!Files.isDirectory(root) || Files.isRegularFile(root.resolve("config.json"))) {
      return;
    }
    List<String> foreign;
    try (Stream<Path> entries = Files.list(root)) {
      foreign =
          entries
              .map(p -> p.getFileName().toString() + (Files.isDirectory(p) ? "/" : ""))
              .filter(n -> !n.startsWith(".") && !RUN_ENTRIES.contains(n.replace("/", "")))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new ReslabException("cannot read the run directory " + root + ": " + reason(e));
    }
    if (!foreign.isEmpty()) {
      throw new ReslabException(
          "will not train into "
              + root
              + ": it is not empty and not a reslab run "
              + "(it holds "
              + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
              + (foreign.size() > 5 ? " and " + (foreign.size() - 5) + " more" : "")
              + "); choose a new or empty folder");
    }
  }

  /** An existing run directory to read; it must hold {@code config.json}. */
  public static RunDirectory open(Path root) {
    if (!Files.isRegularFile(root.resolve("config.json"))) {
      throw new ReslabException(root + " is not a reslab run directory: it has no config.json");
    }
    return new RunDirectory(root);
  }

  private static String reason(Exception e) {
    return e instanceof IOException io
        ? IoReason.of(io)
        : "permission denied"; // else a SecurityException
  }

  public Path root() {
    return root;
  }

  public Path configFile() {
    return root.resolve("config.json");
  }

  public Path checkpointsDir() {
    return root.resolve("checkpoints");
  }

  public Path tensorboardDir() {
    return root.resolve("tensorboard");
  }

  public Path checkpointDir(int epoch) {
    return checkpointsDir().resolve(String.format(Locale.ROOT, "epoch-%03d", epoch));
  }

  public void writeConfig(RunConfig config) {
    try {
      AtomicFiles.writeString(configFile(), JSON.writeValueAsString(config));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public RunConfig readConfig() {
    try {
      JsonNode node = JSON.readTree(configFile().toFile());
      if (node != null && node.has("stem") && !node.has("model")) {
        // A bare model configuration (an import without training or data): wrap it.
        return new RunConfig(
            JSON.treeToValue(node, ResNetConfig.class), null, Map.of(), Map.of(), null);
      }
      RunConfig config =
          node == null || !node.isObject() ? null : JSON.treeToValue(node, RunConfig.class);
      if (config == null || config.model() == null) {
        throw new ReslabException(
            configFile() + ": not a valid run configuration: it has no model");
      }
      return config;
    } catch (JsonProcessingException e) {
      throw JsonFileError.of(configFile(), e); // field, line, column, expected and found
    } catch (IOException e) {
      throw new ReslabException(configFile() + ": cannot be read: " + reason(e), e);
    }
  }

  /** Epochs with a complete checkpoint (its {@code state.json} is written last), ascending. */
  public List<Integer> checkpointEpochs() {
    if (!Files.isDirectory(checkpointsDir())) {
      return List.of();
    }
    List<Integer> epochs = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(checkpointsDir())) {
      for (Path d : dirs.toList()) {
        Matcher m = EPOCH_DIR.matcher(d.getFileName().toString());
        if (m.matches() && Files.isRegularFile(d.resolve("state.json"))) {
          epochs.add(Integer.parseInt(m.group(1)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + checkpointsDir(), e);
    }
    epochs.sort(null);
    return epochs;
  }

  public Optional<Integer> lastEpoch() {
    List<Integer> e = checkpointEpochs();
    return e.isEmpty() ? Optional.empty() : Optional.of(e.get(e.size() - 1));
  }

  /**
   * The best epoch: as committed with the last checkpoint, else as recorded in {@code best.json} (a
   * run whose checkpoints were dropped to save space).
   */
  public Optional<Integer> bestEpoch() {
    Optional<RunState> state = lastState();
    if (state.isPresent() && state.get().bestEpoch() > 0) {
      return Optional.of(state.get().bestEpoch());
    }
    Path f = root.resolve("best.json");
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(f.toFile()).get("epoch").asInt());
    } catch (IOException | NullPointerException e) {
      throw new ReslabException(f + ": not a valid best-epoch record");
    }
  }

  /** Records {@code epoch} as the best and points {@code RUN/best} at its checkpoint. */
  public void markBest(int epoch, String metric, double value) {
    Map<String, Object> best = new LinkedHashMap<>();
    best.put("epoch", epoch);
    best.put("metric", metric);
    best.put("value", value);
    best.put("checkpoint", root.relativize(checkpointDir(epoch)).toString());
    try {
      AtomicFiles.writeString(root.resolve("best.json"), JSON.writeValueAsString(best));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    AtomicFiles.symlink(root.resolve("best"), root.relativize(checkpointDir(epoch)));
  }

  /** Rewrites metrics.csv and metrics.jsonl from all rows so far (each file atomically). */
  public void writeMetrics(List<EpochResult> rows) {
    Set<String> columns = new LinkedHashSet<>();
    for (EpochResult r : rows) {
      columns.addAll(r.metrics().keySet().stream().sorted(RunDirectory::columnOrder).toList());
    }
    List<String> headers = new ArrayList<>(List.of("epoch", "lr"));
    headers.addAll(columns);
    headers.addAll(List.of("seconds", "images_per_second"));
    CsvWriter csv = new CsvWriter(headers);
    StringBuilder jsonl = new StringBuilder();
    for (EpochResult r : rows) {
      List<Object> row = new ArrayList<>(List.of(r.epoch(), number(r.learningRate())));
      for (String c : columns) {
        row.add(number(r.get(c)));
      }
      row.add(number(r.seconds()));
      row.add(number(r.imagesPerSecond()));
      csv.row(row);
      try {
        jsonl.append(LINE_JSON.writeValueAsString(rowToJson(r, columns))).append('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    csv.write(root.resolve("metrics.csv"));
    AtomicFiles.writeString(root.resolve("metrics.jsonl"), jsonl.toString());
  }

  private static final ObjectMapper LINE_JSON = new ObjectMapper();

  /**
   * One epoch as a JSON object: epoch, lr, the metrics in {@code columns} (null where undefined),
   * time.
   */
  private static Map<String, Object> rowToJson(EpochResult r, Iterable<String> columns) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("epoch", r.epoch());
    line.put("lr", r.learningRate());
    for (String c : columns) {
      double v = r.get(c);
      line.put(c, Double.isFinite(v) ? v : null);
    }
    line.put("seconds", r.seconds());
    line.put("images_per_second", r.imagesPerSecond());
    return line;
  }

  private static EpochResult rowFromJson(Map<String, Object> json) {
    Map<String, Object> m = new LinkedHashMap<>(json);
    int epoch = ((Number) m.remove("epoch")).intValue();
    double lr = ((Number) m.remove("lr")).doubleValue();
    double seconds = ((Number) m.remove("seconds")).doubleValue();
    double ips = ((Number) m.remove("images_per_second")).doubleValue();
    Map<String, Double> metrics = new LinkedHashMap<>();
    m.forEach((k, v) -> metrics.put(k, v == null ? Double.NaN : ((Number) v).doubleValue()));
    return new EpochResult(epoch, lr, metrics, seconds, ips);
  }

  /** train_loss, train_*, val_loss, val_* in that order, so the CSV reads left to right. */
  private static int columnOrder(String a, String b) {
    return rank(a) != rank(b) ? Integer.compare(rank(a), rank(b)) : a.compareTo(b);
  }

  private static int rank(String c) {
    return c.equals("train_loss") ? 0 : c.startsWith("train_") ? 1 : c.equals("val_loss") ? 2 : 3;
  }

  /** Metrics keep every digit (resumed runs and reports read them back); undefined is empty. */
  private static String number(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "";
  }

  /**
   * The run's epochs in order: as committed with its last checkpoint (the record that survives a
   * kill at any instant), or from metrics.jsonl when that is longer (checkpoints dropped to save
   * space, or written before checkpoints held the history).
   */
  public List<EpochResult> readMetrics() {
    List<EpochResult> logged = readMetricsLog();
    Optional<RunState> state = lastState();
    if (state.isPresent() && state.get().history().size() >= logged.size()) {
      return new ArrayList<>(state.get().history());
    }
    return logged;
  }

  private List<EpochResult> readMetricsLog() {
    Path f = root.resolve("metrics.jsonl");
    List<EpochResult> rows = new ArrayList<>();
    if (!Files.isRegularFile(f)) {
      return rows;
    }
    int lineNumber = 0;
    try {
      for (String line : Files.readAllLines(f)) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        rows.add(
            rowFromJson(
                JSON.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() {})));
      }
    } catch (IOException | ClassCastException | NullPointerException e) {
      throw new ReslabException(
          f
              + ", line "
              + lineNumber
              + ": not a valid metrics record"
              + (e.getMessage() == null
                  ? ""
                  : ": " + e.getMessage().lines().findFirst().orElse("")));
    }
    return rows;
  }

  /**
   * Writes the record of an epoch into its (not yet committed) checkpoint folder: the whole history
   * so far, the best epoch and the stop, if any. Renaming the folder into place then commits all of
   * it at once.
   */
  public static void writeState(Path checkpointFolder, RunState state) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("epoch", state.epoch());
    EpochResult last = state.history().get(state.history().size() - 1);
    Map<String, Object> metrics = new LinkedHashMap<>();
    last.metrics().forEach((k, v) -> metrics.put(k, Double.isFinite(v) ? v : null));
    json.put("metrics", metrics);
    List<Map<String, Object>> history = new ArrayList<>();
    for (EpochResult r : state.history()) {
      history.add(rowToJson(r, r.metrics().keySet()));
    }
    json.put("history", history);
    if (state.bestEpoch() > 0) {
      Map<String, Object> best = new LinkedHashMap<>();
      best.put("epoch", state.bestEpoch());
      best.put("metric", state.selectMetric());
      json.put("best", best);
    }
    if (state.stop() != null) {
      Map<String, Object> stop = new LinkedHashMap<>();
      stop.put("kind", state.stop().kind().name());
      stop.put("epoch", state.stop().epoch());
      stop.put("reason", state.stop().reason());
      json.put("stop", stop);
    }
    Files.writeString(checkpointFolder.resolve("state.json"), JSON.writeValueAsString(json));
  }

  /**
   * The record committed with the newest complete checkpoint. Checkpoints written before the record
   * held the history give the metrics log's rows up to their epoch.
   */
  public Optional<RunState> lastState() {
    Optional<Integer> last = lastEpoch();
    if (last.isEmpty()) {
      return Optional.empty();
    }
    Path f = checkpointDir(last.get()).resolve("state.json");
    try {
      JsonNode node = JSON.readTree(f.toFile());
      int epoch = node.get("epoch").asInt();
      List<EpochResult> history = new ArrayList<>();
      if (node.has("history")) {
        for (JsonNode row : node.get("history")) {
          history.add(
              rowFromJson(
                  JSON.convertValue(row, new TypeReference<LinkedHashMap<String, Object>>() {})));
        }
      } else {
        readMetricsLog().stream().filter(r -> r.epoch() <= epoch).forEach(history::add);
      }
      JsonNode best = node.get("best");
      JsonNode stop = node.get("stop");
      return Optional.of(
          new RunState(
              epoch,
              history,
              best == null ? -1 : best.get("epoch").asInt(),
              best == null ? null : best.get("metric").asText(),
              stop == null
                  ? null
                  : new TrainingStop(
                      TrainingStop.Kind.valueOf(stop.get("kind").asText()),
                      stop.get("epoch").asInt(),
                      stop.get("reason").asText())));
    } catch (JsonProcessingException e) {
      throw JsonFileError.of(f, e);
    } catch (IOException | RuntimeException e) {
      throw new ReslabException(
          f
              + ": not a valid checkpoint record ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse(""))
              + ")");
    }
  }

  /**
   * Deletes an epoch's checkpoint so that a kill at any instant cannot leave a torn folder that
   * looks complete: the folder is renamed out of the checkpoint names first (a later run removes
   * the leftover).
   */
  public void deleteCheckpoint(int epoch) {
    Path dir = checkpointDir(epoch);
    Path doomed = checkpointsDir().resolve("." + dir.getFileName() + ".deleting");
    try {
      AtomicFiles.deleteTree(doomed);
      Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the checkpoint " + dir + ": " + reason(e), e);
    }
    AtomicFiles.deleteTree(doomed);
  }

  /** Removes half-written checkpoint directories left by a killed run. */
  public void removeIncompleteCheckpoints() {
    if (!Files.isDirectory(checkpointsDir())) {
      return;
    }
    try (Stream<Path> dirs = Files.list(checkpointsDir())) {
      for (Path d : dirs.toList()) {
        String name = d.getFileName().toString();
        if (name.startsWith(".")
            || (EPOCH_DIR.matcher(name).matches()
                && !Files.isRegularFile(d.resolve("state.json")))) {
          AtomicFiles.deleteTree(d);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + checkpointsDir(), e);
    }
  }

  /**
   * The checkpoint a model argument names: {@code RUN} (its best epoch, else its last), {@code
   * RUN/best}, or {@code RUN/checkpoints/epoch-NNN}. Returns the run and the checkpoint prefix.
   */
  public static Checkpoint resolve(Path modelArg) {
    Path p = modelArg.toAbsolutePath().normalize();
    if (Files.isRegularFile(p.resolve("config.json"))) {
      RunDirectory run = open(p);
      Optional<Integer> epoch =
          run.bestEpoch().filter(e -> Files.isDirectory(run.checkpointDir(e))).or(run::lastEpoch);
      if (epoch.isEmpty()) {
        throw new ReslabException(p + " has no checkpoint yet");
      }
      return new Checkpoint(
          run, epoch.get(), run.checkpointDir(epoch.get()).resolve(CHECKPOINT_PREFIX));
    }
    Path dir = p;
    if (Files.isSymbolicLink(p)) {
      try {
        dir = p.resolveSibling(Files.readSymbolicLink(p)).normalize();
      } catch (IOException e) {
        throw new ReslabException("cannot read the link " + p);
      }
    }
    Matcher m = EPOCH_DIR.matcher(dir.getFileName() == null ? "" : dir.getFileName().toString());
    Path runRoot = dir.getParent() == null ? null : dir.getParent().getParent();
    if (!m.matches() || runRoot == null || !Files.isRegularFile(runRoot.resolve("config.json"))) {
      throw new ReslabException(
          modelArg
              + " is neither a run directory (with config.json) nor one of its "
              + "checkpoints (RUN/checkpoints/epoch-NNN)");
    }
    if (!Files.isRegularFile(
        dir.resolve(CHECKPOINT_PREFIX + ".index"), LinkOption.NOFOLLOW_LINKS)) {
      throw new ReslabException(
          dir + " holds no complete checkpoint (" + CHECKPOINT_PREFIX + ".index is missing)");
    }
    return new Checkpoint(
        open(runRoot), Integer.parseInt(m.group(1)), dir.resolve(CHECKPOINT_PREFIX));
  }

  /**
   * A checkpoint of a run.
   *
   * @param run the run it belongs to
   * @param epoch its epoch
   * @param prefix the TF checkpoint prefix ({@code …/epoch-NNN/ckpt}) for {@code Session.restore}
   */
  public record Checkpoint(RunDirectory run, int epoch, Path prefix) {
    /**
     * Restores this checkpoint's variables into {@code session}. Checkpoints are renamed into place
     * whole, so one that TensorFlow cannot read was damaged afterwards (a disk error, a partial
     * copy): one line names its folder and what to do, instead of TensorFlow's "Read less bytes
     * than requested" without a file.
     */
    public void restoreInto(Session session) {
      try {
        session.restore(prefix.toString());
      } catch (TensorFlowException e) {
        throw new ReslabException(
            "checkpoint "
                + prefix.getParent()
                + " cannot be read ("
                + String.valueOf(e.getMessage()).lines().findFirst().orElse("").trim()
                + "): its files are damaged or incomplete; copy them again, or remove that folder"
                + " to use the run's other epochs",
            e);
      }
    }
  }
}
