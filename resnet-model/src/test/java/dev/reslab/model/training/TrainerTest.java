package dev.reslab.model.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.ReslabException;
import dev.reslab.model.engine.Precision;
import dev.reslab.model.engine.SessionOptions;
import dev.reslab.model.engine.StepProfile;
import dev.reslab.model.inference.InferenceModel;
import dev.reslab.model.resnet.Head;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.run.RunState;
import dev.reslab.model.tensor.FloatTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrainerTest {
  private static final ResNetConfig SMALL =
      ResNetPreset.RESNET18.config().toBuilder()
          .classes(4)
          .widthFactor(0.125)
          .depths(1, 1, 1, 1)
          .seed(1)
          .build();

  /** SMALL with a 16-channel stem: narrower models run fp32 even when bf16 is asked for. */
  private static final ResNetConfig WIDE_ENOUGH_FOR_BF16 =
      SMALL.toBuilder().widthFactor(0.25).build();

  @TempDir Path tmp;

  private static Trainer.Builder trainer(
      ResNetConfig model,
      TrainingConfig training,
      InMemoryInput train,
      InMemoryInput val,
      Path out,
      boolean multiLabel) {
    return Trainer.builder(model, training)
        .trainData(train)
        .validationData(val)
        .metrics(() -> new TinyData.Accuracy(multiLabel))
        .runDirectory(out)
        .dataDescription(Map.of("dataset", "tiny"));
  }

  @Test
  void learnsMultiClassDataAndWritesTheRunDirectory() throws Exception {
    Path out = tmp.resolve("run");
    TrainingResult result =
        trainer(
                SMALL,
                TrainingConfig.defaults(3, 32).withSelection("val_accuracy", 0),
                TinyData.classes(256, 32, 1),
                TinyData.classes(128, 64, 2),
                out,
                false)
            .build()
            .run();
    assertEquals(3, result.epochs().size());
    // Chance is 0.25; measured 1.0 after three epochs.
    assertTrue(
        result.best().get("val_accuracy") >= 0.9,
        "val accuracy " + result.best().get("val_accuracy"));
    assertTrue(
        result.last().get("train_loss") < result.epochs().get(0).get("train_loss"), "loss falls");
    assertTrue(Files.isRegularFile(out.resolve("config.json")));
    assertEquals(SMALL, RunDirectory.open(out).readConfig().model());
    List<String> csv = Files.readAllLines(out.resolve("metrics.csv"));
    assertEquals(
        "epoch,lr,train_loss,train_accuracy,val_loss,val_accuracy,seconds,images_per_second",
        csv.get(0));
    assertEquals(4, csv.size());
    assertEquals(3, Files.readAllLines(out.resolve("metrics.jsonl")).size());
    for (int e = 1; e <= 3; e++) {
      Path cp = out.resolve(String.format("checkpoints/epoch-%03d", e));
      assertTrue(Files.isRegularFile(cp.resolve("ckpt.index")), cp.toString());
      assertTrue(Files.isRegularFile(cp.resolve("state.json")));
      assertTrue(Files.isRegularFile(cp.resolve("checkpoint")));
    }
    assertTrue(Files.isSymbolicLink(out.resolve("best")));
    assertEquals(
        out.resolve("checkpoints/epoch-00" + result.bestEpoch()).toRealPath(),
        out.resolve("best").toRealPath());
    try (var files = Files.list(out.resolve("tensorboard"))) {
      assertTrue(
          files.anyMatch(f -> f.getFileName().toString().startsWith("events.out.tfevents")),
          "TensorBoard event file");
    }
  }

  /**
   * Mixed bfloat16 learns what float32 learns (same bars as the two tests above), records its
   * precision, and keeps float32 variables: a float32 model restores its checkpoint and gives
   * nearly the same probabilities.
   */
  @Test
  void bf16LearnsAsFp32AndKeepsFloat32Weights() throws Exception {
    Path out = tmp.resolve("bf16");
    TrainingConfig bf16 =
        TrainingConfig.builder(3, 32).select("val_accuracy").precision(Precision.BF16).build();
    TrainingResult result =
        trainer(
                WIDE_ENOUGH_FOR_BF16,
                bf16,
                TinyData.classes(256, 32, 1),
                TinyData.classes(128, 64, 2),
                out,
                false)
            .build()
            .run();
    assertTrue(
        result.best().get("val_accuracy") >= 0.9,
        "val accuracy " + result.best().get("val_accuracy"));
    Precision ran = SessionOptions.of(Precision.BF16, 0).precision();
    assertEquals(ran, RunDirectory.open(out).readConfig().training().precision());
    assertTrue(
        Files.readString(out.resolve("config.json")).contains("\"precision\" : \"" + ran + "\""));
    InMemoryInput probe = TinyData.classes(16, 16, 9);
    try (InferenceModel fp32 = InferenceModel.load(out);
        InferenceModel half = InferenceModel.load(out, ran)) {
      float[] p32 = fp32.probabilities(probe.images(), 16, TinyData.SIZE, TinyData.SIZE);
      float[] p16 = half.probabilities(probe.images(), 16, TinyData.SIZE, TinyData.SIZE);
      // bfloat16 rounds to 8 significant bits (relative error 2^-9 per value)
      assertArrayEquals(p32, p16, 0.05f);
      try (var images = FloatTensors.of(probe.images(), 16, TinyData.SIZE, TinyData.SIZE, 3)) {
        StepProfile executed =
            StepProfile.trace(
                half.session()
                    .runner()
                    .feed(half.images(), images)
                    .fetch(half.pass().probabilities()));
        assertEquals(
            ran == Precision.BF16,
            executed.bfloat16Ops() > 0,
            executed.bfloat16Ops() + " ops in bf16");
        // Predictions in bf16 fold BatchNorm into the convolutions: no BatchNorm op runs.
        StepProfile predicting =
            StepProfile.trace(
                half.session()
                    .runner()
                    .feed(half.images(), images)
                    .fetch(half.predictions().probabilities()));
        assertEquals(
            ran == Precision.BF16,
            predicting.microsByOpType().keySet().stream().noneMatch(t -> t.contains("BatchNorm")),
            "op types of a prediction: " + predicting.microsByOpType().keySet());
      }
    }

    ResNetConfig sigmoid = WIDE_ENOUGH_FOR_BF16.toBuilder().head(Head.SIGMOID).build();
    TrainingResult labels =
        trainer(
                sigmoid,
                bf16.toBuilder().select("val_loss").build(),
                TinyData.labels(256, 32, 3),
                TinyData.labels(128, 64, 4),
                tmp.resolve("bf16-ml"),
                true)
            .build()
            .run();
    assertTrue(
        labels.last().get("val_accuracy") > 0.85,
        "val accuracy " + labels.last().get("val_accuracy"));
  }

  @Test
  void aListenerGetsTheProfileOfTheOneStepItAskedToTrace() {
    List<String> traced = new ArrayList<>();
    TrainingListener tracer =
        new TrainingListener() {
          @Override
          public boolean traceStep(int epoch, long step) {
            return epoch == 2 && step == 3;
          }

          @Override
          public void stepTraced(int epoch, long step, StepProfile profile) {
            traced.add(epoch + "/" + step);
            assertTrue(profile.executedOps() > 50, profile.executedOps() + " ops");
            // The training step's convolutions and their two gradients all ran.
            assertTrue(
                profile.microsByOpType().keySet().stream().anyMatch(t -> t.contains("Conv2D")));
            assertTrue(
                profile.microsByOpType().keySet().stream()
                    .anyMatch(t -> t.contains("Conv2DBackpropFilter")),
                profile.microsByOpType().keySet().toString());
          }
        };
    trainer(
            SMALL,
            TrainingConfig.defaults(2, 32),
            TinyData.classes(256, 32, 1),
            TinyData.classes(64, 64, 2),
            tmp.resolve("traced"),
            false)
        .listener(tracer)
        .build()
        .run();
    assertEquals(List.of("2/3"), traced);
  }

  @Test
  void learnsMultiLabelDataWithSigmoidHead() {
    ResNetConfig config = SMALL.toBuilder().head(Head.SIGMOID).build();
    TrainingResult result =
        trainer(
                config,
                TrainingConfig.defaults(3, 32),
                TinyData.labels(256, 32, 3),
                TinyData.labels(128, 64, 4),
                tmp.resolve("ml"),
                true)
            .build()
            .run();
    // Chance is 0.5 per label; measured above 0.95.
    assertTrue(
        result.last().get("val_accuracy") > 0.85,
        "val accuracy " + result.last().get("val_accuracy"));
  }

  /** SMALL trained {@code epochs} on 64 tiny images, validated on 32, into {@code out}. */
  private static Trainer.Builder small(Path out, int epochs) {
    return trainer(
        SMALL,
        TrainingConfig.defaults(epochs, 32),
        TinyData.classes(64, 32, 1),
        TinyData.classes(32, 32, 2),
        out,
        false);
  }

  @Test
  void checkpointRestoresIntoAFreshGraphWithIdenticalLogits() {
    Path out = tmp.resolve("cp");
    small(out, 1).build().run();
    InMemoryInput probe = TinyData.classes(8, 8, 9);
    float[] a;
    float[] b;
    try (InferenceModel m = InferenceModel.load(out)) {
      a = m.logits(probe.images(), 8, 16, 16);
    }
    try (InferenceModel m = InferenceModel.load(out.resolve("checkpoints/epoch-001"))) {
      b = m.logits(probe.images(), 8, 16, 16);
    }
    assertArrayEquals(a, b, 0f);
    try (InferenceModel fresh = InferenceModel.create(SMALL)) {
      assertFalse(
          Arrays.equals(a, fresh.logits(probe.images(), 8, 16, 16)),
          "restored weights differ " + "from fresh ones");
    }
  }

  /**
   * In bf16 (where the CPU has it) too: its training pass takes layer4's kernel gradients (2×2 maps
   * here) as matrix products, which must be as reproducible as TensorFlow's own kernels.
   */
  /**
   * A checkpoint damaged after it was written (cut short by a disk error or a partial copy) is one
   * line naming its folder, for loading and for resuming; loading used to hang for ever, closing
   * the graph while the failed restore's session still held it.
   */
  @Test
  void aDamagedCheckpointIsNamedInsteadOfHanging() throws Exception {
    Path out = tmp.resolve("damaged");
    small(out, 1).build().run();
    Path epoch = out.resolve("checkpoints/epoch-001");
    Path data = epoch.resolve("ckpt.data-00000-of-00001");
    Files.write(data, Arrays.copyOf(Files.readAllBytes(data), 1000));
    String expected =
        "checkpoint "
            + epoch
            + " cannot be read (Read less bytes than requested): its files are damaged or"
            + " incomplete; copy them again, or remove that folder to use the run's other epochs";
    ReslabException loading =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () -> assertThrows(ReslabException.class, () -> InferenceModel.load(out)));
    assertEquals(expected, loading.getMessage());
    ReslabException resuming =
        assertThrows(ReslabException.class, () -> small(out, 2).resume(true).build().run());
    assertEquals(expected, resuming.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Precision.class)
  void resumeAfterACrashGivesTheSameWeightsAsAnUninterruptedRun(Precision precision)
      throws Exception {
    ResNetConfig model = precision == Precision.BF16 ? WIDE_ENOUGH_FOR_BF16 : SMALL;
    // One thread: TensorFlow's multi-threaded reductions are not bit-reproducible, so two
    // uninterrupted runs would differ as much as a resumed one (seen: 5e-4 on a kernel value).
    TrainingConfig three =
        TrainingConfig.defaults(3, 32).withSeed(7).withThreads(1).toBuilder()
            .precision(precision)
            .build();
    Path whole = tmp.resolve("whole");
    trainer(model, three, TinyData.classes(96, 32, 1), null, whole, false).build().run();
    Path split = tmp.resolve("split");
    trainer(model, three.withEpochs(2), TinyData.classes(96, 32, 1), null, split, false)
        .build()
        .run();
    // A crash mid-epoch 3 leaves a half-written checkpoint directory behind.
    Files.createDirectories(split.resolve("checkpoints/.epoch-003.tmp-1"));
    Files.createDirectories(split.resolve("checkpoints/epoch-003"));
    TrainingResult resumed =
        trainer(model, three, TinyData.classes(96, 32, 1), null, split, false)
            .resume(true)
            .build()
            .run();
    assertEquals(List.of(1, 2, 3), resumed.epochs().stream().map(EpochResult::epoch).toList());
    Map<String, float[]> a;
    Map<String, float[]> b;
    try (InferenceModel m = InferenceModel.load(whole.resolve("checkpoints/epoch-003"))) {
      a = m.variableValues();
    }
    try (InferenceModel m = InferenceModel.load(split.resolve("checkpoints/epoch-003"))) {
      b = m.variableValues();
    }
    for (String name : a.keySet()) {
      assertArrayEquals(a.get(name), b.get(name), 0f, name);
    }
    assertEquals(4, Files.readAllLines(split.resolve("metrics.csv")).size());
  }

  @Test
  void frozenBackboneChangesOnlyTheHead() {
    Path first = tmp.resolve("base");
    trainer(SMALL, TrainingConfig.defaults(1, 32), TinyData.classes(64, 32, 1), null, first, false)
        .build()
        .run();
    Map<String, float[]> before;
    try (InferenceModel m = InferenceModel.load(first)) {
      before = m.variableValues();
    }
    // Same seed → same initial weights; one epoch with everything but fc frozen.
    Path frozen = tmp.resolve("frozen");
    TrainingConfig cfg = TrainingConfig.defaults(1, 32).withFreeze(FreezeSpec.parse("backbone"));
    Map<String, float[]> init;
    try (InferenceModel m = InferenceModel.create(SMALL)) {
      init = m.variableValues();
    }
    trainer(SMALL, cfg, TinyData.classes(64, 32, 1), null, frozen, false).build().run();
    Map<String, float[]> after;
    try (InferenceModel m = InferenceModel.load(frozen)) {
      after = m.variableValues();
    }
    for (String name : init.keySet()) {
      if (name.startsWith("fc/")) {
        assertFalse(Arrays.equals(init.get(name), after.get(name)), name + " trained");
      } else {
        assertArrayEquals(
            init.get(name), after.get(name), 0f, name + " is frozen (incl. BN statistics)");
      }
    }
    assertFalse(
        Arrays.equals(init.get("conv1/kernel"), before.get("conv1/kernel")),
        "an unfrozen run does change the backbone");
  }

  @Test
  void badInputGivesOneLineErrors() throws Exception {
    TrainingConfig freezeAll =
        TrainingConfig.defaults(1, 32)
            .withFreeze(FreezeSpec.parse("conv1,bn1,layer1,layer2,layer3,layer4,fc"));
    assertEquals(
        "freezing 'conv1,bn1,layer1,layer2,layer3,layer4,fc' leaves nothing to train; keep at least the "
            + "head (fc) trainable",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    trainer(
                            SMALL,
                            freezeAll,
                            TinyData.classes(32, 32, 1),
                            null,
                            tmp.resolve("f"),
                            false)
                        .build()
                        .run())
            .getMessage());
    String unknown =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    trainer(
                            SMALL,
                            TrainingConfig.defaults(1, 32).withFreeze(FreezeSpec.parse("layer9")),
                            TinyData.classes(32, 32, 1),
                            null,
                            tmp.resolve("g"),
                            false)
                        .build()
                        .run())
            .getMessage();
    assertTrue(
        unknown.startsWith("cannot freeze 'layer9': no such layer; valid layers are conv1, bn1"),
        unknown);
    assertEquals(
        "batch size must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults(1, 0))
            .getMessage());
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    String unwritable =
        assertThrows(
                ReslabException.class,
                () ->
                    trainer(
                            SMALL,
                            TrainingConfig.defaults(1, 32),
                            TinyData.classes(32, 32, 1),
                            null,
                            file.resolve("run"),
                            false)
                        .build()
                        .run())
            .getMessage();
    assertTrue(
        unwritable.startsWith("cannot write the run directory " + file.resolve("run")), unwritable);
    String select =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    trainer(
                            SMALL,
                            TrainingConfig.defaults(1, 32).withSelection("val_auc_macro", 0),
                            TinyData.classes(32, 32, 1),
                            TinyData.classes(32, 32, 2),
                            tmp.resolve("s"),
                            false)
                        .build()
                        .run())
            .getMessage();
    assertEquals(
        "cannot select the best epoch by 'val_auc_macro': recorded metrics are train_loss, train_accuracy, "
            + "val_loss, val_accuracy",
        select);
  }

  @Test
  void nanLossStopsNamingEpochAndStep() {
    InMemoryInput good = TinyData.classes(64, 32, 1);
    float[] x = good.images().clone();
    x[x.length - 1] = Float.NaN; // in the last example: the first epoch shuffles it into some step
    InMemoryInput bad = new InMemoryInput(x, 16, good.labels(), 4, 32, false, 1);
    TrainingStoppedException e =
        assertThrows(
            TrainingStoppedException.class,
            () ->
                trainer(SMALL, TrainingConfig.defaults(2, 32), bad, null, tmp.resolve("nan"), false)
                    .build()
                    .run());
    assertEquals(
        "the loss became NaN at epoch 1, step 2; training stopped before any checkpoint was written (try a "
            + "lower learning rate)",
        e.getMessage());
  }

  @Test
  void aListenerStopsTheRunAndTheStopIsCommittedWithTheEpoch() {
    Path out = tmp.resolve("stopped");
    TrainingListener stopAtTwo =
        new TrainingListener() {
          @Override
          public Optional<TrainingStop> stopAfterEpoch(List<EpochResult> history, int bestEpoch) {
            int last = history.get(history.size() - 1).epoch();
            return last == 2
                ? Optional.of(new TrainingStop(TrainingStop.Kind.EARLY_STOPPED, 2, "enough"))
                : Optional.empty();
          }
        };
    TrainingResult result =
        trainer(
                SMALL,
                TrainingConfig.defaults(5, 32),
                TinyData.classes(64, 32, 1),
                TinyData.classes(32, 32, 2),
                out,
                false)
            .listener(stopAtTwo)
            .build()
            .run();
    assertEquals(List.of(1, 2), result.epochs().stream().map(EpochResult::epoch).toList());
    assertEquals("enough", result.stopped().orElseThrow().reason());
    RunState state = RunDirectory.open(out).lastState().orElseThrow();
    assertEquals(new TrainingStop(TrainingStop.Kind.EARLY_STOPPED, 2, "enough"), state.stop());
    List<String> heard = new ArrayList<>();
    TrainingResult resumed =
        trainer(
                SMALL,
                TrainingConfig.defaults(5, 32),
                TinyData.classes(64, 32, 1),
                TinyData.classes(32, 32, 2),
                out,
                false)
            .resume(true)
            .listener(
                new TrainingListener() {
                  @Override
                  public void info(String message) {
                    heard.add(message);
                  }
                })
            .build()
            .run();
    assertEquals(2, resumed.epochs().size(), "a stopped run does not train on when resumed");
    assertEquals(List.of("nothing to resume: enough"), heard);
  }

  @Test
  void patienceStopsWhenTheSelectionMetricHasNotImprovedForThatManyEpochs() {
    EarlyStopping patience2 = new EarlyStopping(2, "val_loss");
    List<EpochResult> rows = new ArrayList<>();
    double[] valLoss = {0.9, 0.5, 0.6, 0.55, 0.7};
    List<Integer> stops = new ArrayList<>();
    int best = -1;
    double bestValue = Double.MAX_VALUE;
    for (int e = 1; e <= valLoss.length; e++) {
      rows.add(new EpochResult(e, 0.1, Map.of("val_loss", valLoss[e - 1]), 1, 1));
      if (valLoss[e - 1] < bestValue) {
        bestValue = valLoss[e - 1];
        best = e;
      }
      if (patience2.stopAfterEpoch(rows, best).isPresent()) {
        stops.add(e);
      }
    }
    assertEquals(List.of(4, 5), stops, "epoch 2 is best; epochs 3 and 4 do not improve on it");
    assertEquals(
        "stopped early after epoch 4: val_loss has not improved for 2 epochs since epoch 2",
        patience2.stopAfterEpoch(rows.subList(0, 4), 2).orElseThrow().reason());
    // through the trainer: a selection metric that cannot improve stops the run after patience + 1
    // epochs
    TrainingConfig config =
        TrainingConfig.builder(6, 32).select("train_constant").patience(1).build();
    TrainingResult r =
        trainer(SMALL, config, TinyData.classes(32, 32, 1), null, tmp.resolve("p"), false)
            .metrics(
                () ->
                    new MetricsCollector() {
                      @Override
                      public void reset() {}

                      @Override
                      public void update(float[] p, float[] y, int batch, int k) {}

                      @Override
                      public Map<String, Double> results() {
                        return Map.of("constant", 1.0);
                      }
                    })
            .build()
            .run();
    assertEquals(2, r.epochs().size());
    assertEquals(TrainingStop.Kind.EARLY_STOPPED, r.stopped().orElseThrow().kind());
    assertEquals(1, r.bestEpoch());
  }

  /**
   * A run that fails before writing anything (bad data found while its pipeline is built) leaves no
   * empty folder behind; a folder that existed before is left alone.
   */
  @Test
  void aRunThatFailsBeforeWritingAnythingLeavesNoFolder() throws Exception {
    Path out = tmp.resolve("never-written");
    for (boolean existed : new boolean[] {false, true}) {
      if (existed) {
        Files.createDirectories(out);
      }
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  trainer(
                          SMALL,
                          TrainingConfig.defaults(1, 32),
                          TinyData.classes(64, 32, 1),
                          null,
                          out,
                          false)
                      .trainData(
                          tf -> {
                            throw new IllegalArgumentException("image 7 is missing");
                          })
                      .build()
                      .run());
      assertEquals("image 7 is missing", e.getMessage());
      assertEquals(existed, Files.exists(out), "existed before: " + existed);
    }
  }

  /**
   * A run recorded in bf16 resumed where bf16 does not run (here: a model narrower than bf16 pays
   * for, as on a CPU without AMX) stops with the reason instead of continuing in fp32 silently.
   */
  @Test
  void resumeRefusesToMixPrecisions() throws Exception {
    TrainingConfig two = TrainingConfig.defaults(2, 32).withSeed(3).withThreads(1);
    Path run = tmp.resolve("run");
    trainer(SMALL, two.withEpochs(1), TinyData.classes(64, 32, 1), null, run, false).build().run();
    // As written by a machine that ran this run in bf16.
    Path config = run.resolve("config.json");
    String fp32 = Files.readString(config);
    assertTrue(fp32.contains("\"precision\" : \"fp32\""), fp32);
    Files.writeString(config, fp32.replace("\"precision\" : \"fp32\"", "\"precision\" : \"bf16\""));
    TrainingConfig bf16 = two.toBuilder().precision(Precision.BF16).build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                trainer(SMALL, bf16, TinyData.classes(64, 32, 1), null, run, false)
                    .resume(true)
                    .build()
                    .run());
    assertEquals(
        run
            + " trained epochs 1-1 in bf16 and cannot resume in it here: bf16 is slower than fp32"
            + " for layers narrower than 16 channels, and this model's narrowest has 8. Resuming in"
            + " fp32 would mix precisions in one run: resume it where bf16 runs, or start a new run"
            + " from its last checkpoint",
        e.getMessage());
    assertEquals(1, RunDirectory.open(run).checkpointEpochs().size(), "nothing trained");
  }

  @Test
  void resumeRebuildsMetricsAndTheBestEpochFromTheCommittedCheckpoint() throws Exception {
    TrainingConfig three = TrainingConfig.defaults(3, 32).withSeed(3).withThreads(1);
    Path whole = tmp.resolve("whole");
    TrainingResult reference =
        trainer(
                SMALL,
                three,
                TinyData.classes(64, 32, 1),
                TinyData.classes(32, 32, 2),
                whole,
                false)
            .build()
            .run();
    Path run = tmp.resolve("run");
    trainer(
            SMALL,
            three.withEpochs(2),
            TinyData.classes(64, 32, 1),
            TinyData.classes(32, 32, 2),
            run,
            false)
        .build()
        .run();
    // killed after epoch 2's checkpoint was renamed into place but before anything else was written
    List<String> jsonl = Files.readAllLines(run.resolve("metrics.jsonl"));
    Files.write(run.resolve("metrics.jsonl"), jsonl.subList(0, 1));
    List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
    Files.write(run.resolve("metrics.csv"), csv.subList(0, 2));
    Files.writeString(run.resolve("best.json"), "{\"epoch\": 1}");
    assertEquals(
        2, RunDirectory.open(run).readMetrics().size(), "the committed record is what counts");
    TrainingResult resumed =
        trainer(SMALL, three, TinyData.classes(64, 32, 1), TinyData.classes(32, 32, 2), run, false)
            .resume(true)
            .build()
            .run();
    assertEquals(
        reference.epochs().stream().map(e -> e.metrics()).toList(),
        resumed.epochs().stream().map(e -> e.metrics()).toList());
    assertEquals(4, Files.readAllLines(run.resolve("metrics.csv")).size());
    assertEquals(3, Files.readAllLines(run.resolve("metrics.jsonl")).size());
    assertEquals(reference.bestEpoch(), resumed.bestEpoch());
    assertEquals(reference.bestEpoch(), RunDirectory.open(run).bestEpoch().orElseThrow());
    assertEquals(
        Files.readSymbolicLink(whole.resolve("best")), Files.readSymbolicLink(run.resolve("best")));
  }

  @Test
  void refusesToTrainIntoAFolderThatIsNotARun() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("my-notes"));
    Files.writeString(folder.resolve("config.txt"), "mine");
    Files.writeString(folder.resolve("metrics.csv"), "mine too");
    Files.createDirectories(folder.resolve("photos"));
    String message =
        assertThrows(
                ReslabException.class,
                () ->
                    trainer(
                            SMALL,
                            TrainingConfig.defaults(1, 32),
                            TinyData.classes(32, 32, 1),
                            null,
                            folder,
                            false)
                        .build()
                        .run())
            .getMessage();
    assertEquals(
        "will not train into "
            + folder
            + ": it is not empty and not a reslab run (it holds config.txt, "
            + "metrics.csv, photos/); choose a new or empty folder",
        message);
    assertEquals(
        "mine too",
        Files.readString(folder.resolve("metrics.csv")),
        "the user's file is untouched");
    // an empty folder, and one left by a run killed before its config was written, are fine
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Files.createDirectories(empty.resolve("checkpoints"));
    trainer(SMALL, TrainingConfig.defaults(1, 32), TinyData.classes(32, 32, 1), null, empty, false)
        .build()
        .run();
    assertTrue(Files.isRegularFile(empty.resolve("config.json")));
  }
}
