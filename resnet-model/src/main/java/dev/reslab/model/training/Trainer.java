package dev.reslab.model.training;

import dev.reslab.IoReason;
import dev.reslab.input.InputPipeline;
import dev.reslab.input.InputSource;
import dev.reslab.lock.RunLock;
import dev.reslab.model.engine.Precision;
import dev.reslab.model.engine.SessionOptions;
import dev.reslab.model.engine.StepProfile;
import dev.reslab.model.io.AtomicFiles;
import dev.reslab.model.layers.ModelVariable;
import dev.reslab.model.resnet.ForwardPass;
import dev.reslab.model.resnet.ResNet;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.run.RunState;
import dev.reslab.model.run.TensorBoardWriter;
import dev.reslab.model.tensor.FloatTensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Trains a ResNet in graph mode and writes a run directory: a checkpoint per epoch, metrics per
 * epoch, the best epoch.
 *
 * <pre>{@code
 * TrainingResult result = Trainer.builder(modelConfig, TrainingConfig.defaults(10, 128))
 *     .trainData(tf -> ...).validationData(tf -> ...)
 *     .metrics(MultiClassMetrics::new)
 *     .runDirectory(Path.of("runs/r18"))
 *     .build().run();
 * }</pre>
 *
 * <p>One graph holds a training pass over the training pipeline and an inference pass over the
 * validation pipeline; they share the model's variables. The learning rate is fed each step. With
 * {@link Builder#resume(boolean)} a run continues after its last complete checkpoint with the same
 * data order and schedule.
 */
public final class Trainer {
  private final ResNetConfig modelConfig;
  private final TrainingConfig config;
  private final InputSource trainSource;
  private final InputSource validationSource;
  private final Supplier<MetricsCollector> metrics;
  private final List<TrainingListener> listeners;
  private final Path runPath;
  private final Map<String, Object> dataDescription;
  private final boolean resume;
  private final InitialWeights initialWeights;

  private Trainer(Builder b) {
    this.modelConfig = Objects.requireNonNull(b.model, "model configuration");
    this.config = Objects.requireNonNull(b.training, "training configuration");
    this.trainSource = Objects.requireNonNull(b.trainData, "training data");
    this.validationSource = b.validationData;
    this.metrics = b.metrics == null ? () -> NoMetrics.INSTANCE : b.metrics;
    List<TrainingListener> all = new ArrayList<>();
    all.add(new DivergenceGuard());
    if (config.patience() > 0) {
      all.add(new EarlyStopping(config.patience(), config.select()));
    }
    all.addAll(b.listeners);
    this.listeners = List.copyOf(all);
    this.runPath = Objects.requireNonNull(b.runDirectory, "run directory");
    this.dataDescription = b.data;
    this.resume = b.resume;
    this.initialWeights = b.initialWeights;
  }

  public static Builder builder(ResNetConfig model, TrainingConfig training) {
    return new Builder(model, training);
  }

  /**
   * Trains, or resumes, to the configured number of epochs (fewer when a listener stops the run).
   */
  public TrainingResult run() {
    boolean fresh = !Files.exists(runPath);
    RunDirectory run = RunDirectory.create(runPath);
    // one writer per run folder, for the whole training: a second train, resume or study worker
    // stops here instead of mixing its epochs into this run (RunBusyException names the holder)
    try (RunLock lock = RunLock.acquire(run.root(), "trained")) {
      try {
        return run(run);
      } catch (RuntimeException | Error e) {
        if (fresh) {
          removeIfNothingWritten(run);
        }
        throw e;
      }
    }
  }

  /**
   * A run that failed before it wrote anything (bad data found while building its pipeline) leaves
   * no empty run folder behind: it holds nothing to resume, and its name would be taken.
   */
  private static void removeIfNothingWritten(RunDirectory run) {
    Path checkpoints = run.root().resolve("checkpoints");
    try (Stream<Path> inRoot = Files.list(run.root());
        Stream<Path> inCheckpoints = Files.list(checkpoints)) {
      if (inCheckpoints.findAny().isEmpty()
          && inRoot.allMatch(
              p -> Set.of("checkpoints", RunLock.FILE_NAME).contains(p.getFileName().toString()))) {
        Files.delete(checkpoints);
        Files.deleteIfExists(run.root().resolve(RunLock.FILE_NAME));
        Files.delete(run.root());
      }
    } catch (IOException cleanupFailed) {
      // Keeping the empty folder is harmless; the original failure is what matters.
    }
  }

  private TrainingResult run(RunDirectory run) {
    run.removeIncompleteCheckpoints();
    if (!resume && !run.checkpointEpochs().isEmpty()) {
      throw new IllegalArgumentException(
          run.root()
              + " already holds a run with checkpoints; resume it or choose "
              + "another output directory");
    }
    Optional<RunState> committed = resume ? run.lastState() : Optional.empty();
    List<EpochResult> history = new ArrayList<>(committed.map(RunState::history).orElse(List.of()));
    int best = committed.map(RunState::bestEpoch).orElse(-1);
    if (committed.isPresent()) {
      // the files derived from the committed record may lag behind it after a kill: rebuild them
      run.writeMetrics(history);
      if (best > 0) {
        markBest(run, history, best);
      }
      if (committed.get().stop() != null) {
        listeners.forEach(l -> l.info("nothing to resume: " + committed.get().stop().reason()));
        return new TrainingResult(run, List.copyOf(history), best, committed.get().stop());
      }
    }
    SessionOptions sessionOptions =
        SessionOptions.of(config.precision(), config.threads(), modelConfig);
    if (committed.isPresent()) {
      refuseToMixPrecisions(run, committed.get().epoch(), sessionOptions);
    }
    sessionOptions.fallback().ifPresent(why -> listeners.forEach(l -> l.info(why)));
    try (Graph graph = new Graph();
        TrainingGraph g = new TrainingGraph(graph, run, sessionOptions)) {
      int start = 1;
      if (committed.isPresent()) {
        int last = committed.get().epoch();
        new RunDirectory.Checkpoint(
                run, last, run.checkpointDir(last).resolve(RunDirectory.CHECKPOINT_PREFIX))
            .restoreInto(g.session);
        start = last + 1;
        listeners.forEach(l -> l.info("resuming " + run.root() + " after epoch " + last));
        recordResumedSettings(run, last);
      } else {
        g.session.initialize();
        if (initialWeights != null) {
          initialWeights.assign(g.model, g.tf, g.session);
        }
        // the precision it really runs in: fp32 where this machine cannot run bf16
        TrainingConfig recorded = config.toBuilder().precision(sessionOptions.precision()).build();
        run.writeConfig(
            new RunConfig(
                modelConfig,
                recorded,
                dataDescription,
                versions(),
                Instant.now().toString(),
                initialWeights == null ? null : initialWeights.provenance()));
      }
      TrainingStop stop = null;
      for (int epoch = start; epoch <= config.epochs() && stop == null; epoch++) {
        EpochResult result = g.epoch(epoch, run);
        history.add(result);
        int previousBest = best;
        best = bestEpoch(history);
        List<EpochResult> sofar = List.copyOf(history);
        int bestSoFar = best;
        stop = firstStop(l -> l.stopAfterEpoch(sofar, bestSoFar));
        saveCheckpoint(
            g.session,
            run,
            new RunState(epoch, history, best, best > 0 ? selectColumn(result) : null, stop));
        if (best != previousBest && best > 0) {
          markBest(run, history, best);
        }
        pruneCheckpoints(run, best);
        run.writeMetrics(history);
        g.tensorboard.scalars(epoch, result);
        for (TrainingListener l : listeners) {
          l.epochFinished(result, best == epoch);
        }
        if (stop != null) {
          String reason = stop.reason();
          listeners.forEach(l -> l.info(reason));
        }
      }
      g.tensorboard.succeeded();
      if (history.isEmpty()) {
        throw new IllegalArgumentException(
            run.root() + " already finished its " + config.epochs() + " epochs");
      }
      return new TrainingResult(run, List.copyOf(history), best, stop);
    }
  }

  /**
   * What a resume may change, recorded so the run's config.json stays its description: the epochs
   * planned ({@code --epochs} on resume) and the data's folder (a data set that moved). Everything
   * else is the run's own; the rest of the record, its creation time included, is kept.
   */
  private void recordResumedSettings(RunDirectory run, int trained) {
    RunConfig recorded = run.readConfig();
    Map<String, Object> data = dataDescription == null ? recorded.data() : dataDescription;
    int epochs = Math.max(config.epochs(), trained);
    if (recorded.training().epochs() == epochs && recorded.data().equals(data)) {
      return;
    }
    run.writeConfig(
        new RunConfig(
            recorded.model(),
            recorded.training().withEpochs(epochs),
            data,
            recorded.versions(),
            recorded.created(),
            recorded.init()));
  }

  /**
   * A resumed run continues in the precision it trained in so far: config.json records one
   * precision per run, and a resumed run must equal an uninterrupted one. A machine that cannot run
   * it (bf16 recorded, no AMX here) says so instead of mixing precisions silently.
   */
  private static void refuseToMixPrecisions(RunDirectory run, int epochs, SessionOptions here) {
    Precision recorded = run.readConfig().training().precision();
    if (recorded != here.precision()) {
      throw new IllegalArgumentException(
          run.root()
              + " trained epochs 1-"
              + epochs
              + " in "
              + recorded
              + " and cannot resume in it here"
              + here.fallback().map(why -> ": " + why.replace("; running fp32", "")).orElse("")
              + ". Resuming in "
              + here.precision()
              + " would mix precisions in one run: resume it where "
              + recorded
              + " runs, or start a new run from its last checkpoint");
    }
  }

  private Optional<TrainingStop> firstStopOf(
      Function<TrainingListener, Optional<TrainingStop>> ask) {
    for (TrainingListener l : listeners) {
      Optional<TrainingStop> stop = ask.apply(l);
      if (stop.isPresent()) {
        return stop;
      }
    }
    return Optional.empty();
  }

  private TrainingStop firstStop(Function<TrainingListener, Optional<TrainingStop>> ask) {
    return firstStopOf(ask).orElse(null);
  }

  private void markBest(RunDirectory run, List<EpochResult> history, int best) {
    EpochResult row = history.get(indexOf(history, best));
    run.markBest(best, selectColumn(row), row.get(selectColumn(row)));
  }

  /** The exception that ends a run stopped in the middle of an epoch, saying what was kept. */
  private static TrainingStoppedException stopped(TrainingStop stop, RunDirectory run) {
    Optional<Integer> last = run.lastEpoch();
    return new TrainingStoppedException(
        stop.reason()
            + "; training stopped"
            + (last.isPresent()
                ? " and the last good checkpoint is " + run.checkpointDir(last.get())
                : " before any checkpoint was written")
            + (stop.failed() ? " (try a lower learning rate)" : ""));
  }

  private static int indexOf(List<EpochResult> history, int epoch) {
    for (int i = 0; i < history.size(); i++) {
      if (history.get(i).epoch() == epoch) {
        return i;
      }
    }
    throw new IllegalStateException("no epoch " + epoch);
  }

  private int bestEpoch(List<EpochResult> history) {
    int best = -1;
    double bestValue = Double.NaN;
    for (EpochResult r : history) {
      double v = r.get(selectColumn(r));
      if (Double.isNaN(v)) {
        continue;
      }
      boolean better =
          Double.isNaN(bestValue) || (config.selectMaximises() ? v > bestValue : v < bestValue);
      if (better) {
        best = r.epoch();
        bestValue = v;
      }
    }
    return best;
  }

  /**
   * The selection column, which must exist in the metrics (else an error listing those that do).
   * Without validation data a {@code val_} metric falls back to its {@code train_} twin.
   */
  private String selectColumn(EpochResult r) {
    String column = config.select();
    if (validationSource == null && column.startsWith("val_")) {
      column = "train_" + column.substring(4);
    }
    if (!r.metrics().containsKey(column)) {
      throw new IllegalArgumentException(
          "cannot select the best epoch by '"
              + column
              + "': recorded "
              + "metrics are "
              + String.join(", ", r.metrics().keySet()));
    }
    return column;
  }

  /**
   * Commits an epoch: weights and the run's record are written into a hidden folder, which is then
   * renamed into place whole. A failure (a full disk, say) removes the hidden folder and names the
   * path and the reason.
   */
  private static void saveCheckpoint(Session session, RunDirectory run, RunState state) {
    Path target = run.checkpointDir(state.epoch());
    Path tmp =
        run.checkpointsDir()
            .resolve("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    AtomicFiles.deleteTree(tmp);
    try {
      Files.createDirectories(tmp);
      try {
        session.save(tmp.resolve(RunDirectory.CHECKPOINT_PREFIX).toString());
      } catch (TensorFlowException e) {
        throw new IOException(
            e.getMessage() == null
                ? "TensorFlow could not save the variables"
                : e.getMessage().lines().findFirst().orElse(""),
            e);
      }
      // The 'checkpoint' state file lets Python's tf.train.load_checkpoint(dir) find the prefix.
      Files.writeString(
          tmp.resolve("checkpoint"),
          "model_checkpoint_path: \""
              + RunDirectory.CHECKPOINT_PREFIX
              + "\"\nall_model_checkpoint_paths: \""
              + RunDirectory.CHECKPOINT_PREFIX
              + "\"\n");
      RunDirectory.writeState(tmp, state);
      AtomicFiles.deleteTree(target);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        AtomicFiles.deleteTree(tmp);
      } catch (UncheckedIOException ignored) {
        // the original failure is the one to report; a later run removes the leftover
      }
      throw new UncheckedIOException(
          "cannot write the checkpoint " + target + ": " + IoReason.of(e), e);
    }
  }

  private void pruneCheckpoints(RunDirectory run, int best) {
    if (config.keepLast() == 0) {
      return;
    }
    List<Integer> epochs = run.checkpointEpochs();
    for (int i = 0; i < epochs.size() - config.keepLast(); i++) {
      if (epochs.get(i) != best) {
        run.deleteCheckpoint(epochs.get(i));
      }
    }
  }

  /** The versions a record of work states: reslab, TensorFlow and Java. */
  public static Map<String, String> versions() {
    Map<String, String> v = new LinkedHashMap<>();
    String reslab = Trainer.class.getPackage().getImplementationVersion();
    v.put("reslab", reslab == null ? "development" : reslab);
    v.put("tensorflow", TensorFlow.version());
    v.put("java", System.getProperty("java.version"));
    return v;
  }

  /** The graph, session and ops of one training run. */
  private final class TrainingGraph implements AutoCloseable {
    final Graph graph;
    final Ops tf;
    final ResNet model;
    final Session session;
    final InputPipeline train;
    final InputPipeline validation;
    final Placeholder<TFloat32> learningRate;
    final Operand<TFloat32> loss;
    final Operand<TFloat32> probabilities;
    final Op trainStep;
    final Operand<TFloat32> validationLoss;
    final Operand<TFloat32> validationProbabilities;
    final TensorBoardWriter tensorboard;
    final long stepsPerEpoch;

    TrainingGraph(Graph graph, RunDirectory run, SessionOptions sessionOptions) {
      this.graph = graph;
      this.tf = Ops.create(graph);
      FreezeSpec freeze = config.freeze();
      model = ResNet.build(modelConfig);
      train = trainSource.build(tf.withSubScope("train_data"));
      ForwardPass pass =
          model.apply(tf, train.images(), sessionOptions.trainingContext(tf, freeze));
      checkFreeze(model, freeze);
      List<ModelVariable> trainable = model.trainableVariables(freeze);
      if (trainable.isEmpty()) {
        throw new IllegalArgumentException(
            "freezing '"
                + freeze
                + "' leaves nothing to train; keep at least the head "
                + "(fc) trainable");
      }
      loss =
          LossFunction.build(
              tf.withSubScope("loss"),
              modelConfig.head(),
              pass.logits(),
              train.labels(),
              config.labelSmoothing());
      probabilities = pass.probabilities();
      learningRate = tf.withName("learning_rate").placeholder(TFloat32.class);
      List<Op> updates =
          new ArrayList<>(
              OptimizerOps.build(
                  tf.withSubScope("optimizer"),
                  graph,
                  config.optimizer(),
                  loss,
                  trainable,
                  learningRate));
      updates.addAll(pass.updates());
      trainStep = tf.withControlDependencies(updates).withName("train_step").noOp();
      if (validationSource != null) {
        validation = validationSource.build(tf.withSubScope("validation_data"));
        ForwardPass eval =
            model.apply(tf, validation.images(), sessionOptions.predictionContext(tf));
        validationLoss =
            LossFunction.build(
                tf.withSubScope("validation_loss"),
                modelConfig.head(),
                eval.logits(),
                validation.labels(),
                0f);
        validationProbabilities = eval.probabilities();
      } else {
        validation = null;
        validationLoss = null;
        validationProbabilities = null;
      }
      tensorboard = new TensorBoardWriter(tf, run.tensorboardDir());
      stepsPerEpoch = Math.max(1, (train.examples() + config.batchSize() - 1) / config.batchSize());
      session = sessionOptions.open(graph);
      tensorboard.open(session);
      tensorboard.sessionStart(TensorBoardWriter.hparams(modelConfig, config));
    }

    private void checkFreeze(ResNet model, FreezeSpec freeze) {
      for (String prefix : freeze.prefixes()) {
        if (model.layerNames().stream()
            .noneMatch(n -> n.equals(prefix) || n.startsWith(prefix + "."))) {
          throw new IllegalArgumentException(
              "cannot freeze '"
                  + prefix
                  + "': no such layer; valid layers are "
                  + String.join(", ", model.layerNames()));
        }
      }
    }

    EpochResult epoch(int epoch, RunDirectory run) {
      long started = System.nanoTime();
      for (TrainingListener l : listeners) {
        l.epochStarted(epoch, config.epochs(), stepsPerEpoch);
      }
      train.startEpoch(session, epoch);
      MetricsCollector trainMetrics = metrics.get();
      trainMetrics.reset();
      double lossSum = 0;
      long examples = 0;
      long step = 0;
      double rate = 0;
      while (true) {
        rate =
            config
                .schedule()
                .rate(
                    config.optimizer().learningRate(),
                    (epoch - 1) + (double) step / stepsPerEpoch,
                    config.epochs());
        boolean showImages = epoch == 1 && step == 0;
        final long next = step + 1;
        List<TrainingListener> tracing =
            listeners.stream().filter(l -> l.traceStep(epoch, next)).toList();
        Session.Runner runner =
            tracing.isEmpty() ? session.runner() : StepProfile.traced(session.runner());
        if (showImages) {
          runner.fetch(train.images());
        }
        try (TFloat32 lr = TFloat32.scalarOf((float) rate);
            Result r =
                run(
                    runner
                        .feed(learningRate, lr)
                        .addTarget(trainStep)
                        .fetch(loss)
                        .fetch(probabilities)
                        .fetch(train.labels()),
                    !tracing.isEmpty())) {
          if (!tracing.isEmpty()) {
            StepProfile profile = StepProfile.of(r);
            tracing.forEach(l -> l.stepTraced(epoch, next, profile));
          }
          int o = showImages ? 1 : 0;
          if (showImages) {
            tensorboard.images(
                epoch, "input_images", FloatTensors.toArray(r.get(0)), r.get(0).shape().asArray());
          }
          float stepLoss = FloatTensors.toArray(r.get(o))[0];
          long[] shape = r.get(o + 1).shape().asArray();
          int batch = (int) shape[0];
          step++;
          final long stepNow = step;
          Optional<TrainingStop> stop = firstStopOf(l -> l.stopAfterStep(epoch, stepNow, stepLoss));
          if (stop.isPresent()) {
            throw stopped(stop.get(), run);
          }
          lossSum += stepLoss * batch;
          examples += batch;
          trainMetrics.update(
              FloatTensors.toArray(r.get(o + 1)),
              FloatTensors.toArray(r.get(o + 2)),
              batch,
              (int) shape[1]);
          double seconds = (System.nanoTime() - started) / 1e9;
          for (TrainingListener l : listeners) {
            l.stepFinished(epoch, step, stepLoss, examples / Math.max(seconds, 1e-9));
          }
        } catch (TFOutOfRangeException end) {
          break;
        }
      }
      double trainSeconds = (System.nanoTime() - started) / 1e9;
      Map<String, Double> row = new LinkedHashMap<>();
      row.put("train_loss", examples == 0 ? Double.NaN : lossSum / examples);
      trainMetrics.results().forEach((k, v) -> row.put("train_" + k, v));
      if (validation != null) {
        for (TrainingListener l : listeners) {
          l.validationStarted(epoch);
        }
        Map<String, Double> val =
            Evaluator.evaluate(
                session, validation, validationLoss, validationProbabilities, metrics.get(), epoch);
        val.remove("examples");
        val.forEach((k, v) -> row.put("val_" + k, v));
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      return new EpochResult(epoch, rate, row, seconds, examples / Math.max(trainSeconds, 1e-9));
    }

    private static Result run(Session.Runner runner, boolean traced) {
      return traced ? runner.runAndFetchMetadata() : runner.run();
    }

    @Override
    public void close() {
      tensorboard.close();
      session.close();
    }
  }

  /** Settings of a {@link Trainer}: model, training and data are required. */
  public static final class Builder {
    private final ResNetConfig model;
    private final TrainingConfig training;
    private InputSource trainData;
    private InputSource validationData;
    private Supplier<MetricsCollector> metrics;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private Path runDirectory;
    private Map<String, Object> data = new HashMap<>();
    private boolean resume;
    private InitialWeights initialWeights;

    private Builder(ResNetConfig model, TrainingConfig training) {
      this.model = model;
      this.training = training;
    }

    public Builder trainData(InputSource source) {
      this.trainData = source;
      return this;
    }

    public Builder validationData(InputSource source) {
      this.validationData = source;
      return this;
    }

    /** A new collector per epoch and split; without one only the loss is recorded. */
    public Builder metrics(Supplier<MetricsCollector> factory) {
      this.metrics = factory;
      return this;
    }

    /** Adds a listener; each hears every event, and any may stop the run. */
    public Builder listener(TrainingListener listener) {
      this.listeners.add(Objects.requireNonNull(listener));
      return this;
    }

    public Builder runDirectory(Path dir) {
      this.runDirectory = dir;
      return this;
    }

    /**
     * How the data was opened, recorded in config.json so {@code resume} and {@code eval} can
     * reopen it.
     */
    public Builder dataDescription(Map<String, Object> description) {
      this.data = new LinkedHashMap<>(description);
      return this;
    }

    /**
     * Continue after the run directory's last complete checkpoint (a fresh start when it has none).
     */
    public Builder resume(boolean resume) {
      this.resume = resume;
      return this;
    }

    /**
     * Start from these weights instead of fresh ones (ignored when resuming, which restores the
     * run's own).
     */
    public Builder initialWeights(InitialWeights weights) {
      this.initialWeights = weights;
      return this;
    }

    public Trainer build() {
      return new Trainer(this);
    }
  }

  /** Records nothing: without a collector only the loss is reported. */
  private enum NoMetrics implements MetricsCollector {
    INSTANCE;

    @Override
    public void reset() {}

    @Override
    public void update(float[] probabilities, float[] labels, int batch, int outputs) {}

    @Override
    public Map<String, Double> results() {
      return Map.of();
    }
  }
}
