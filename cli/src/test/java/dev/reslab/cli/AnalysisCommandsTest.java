package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.data.DataSpec;
import dev.reslab.data.SyntheticDataset;
import dev.reslab.model.inference.InferenceModel;
import dev.reslab.model.resnet.Head;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.resnet.Stem;
import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The analysis commands end to end on a small fresh-weight ResNet over synthetic data, and their
 * one-line errors.
 */
class AnalysisCommandsTest {

  @TempDir static Path tmp;

  static Path run;
  static Path sigmoidRun;

  @BeforeAll
  static void writeRuns() throws Exception {
    run =
        writeRun(
            tmp.resolve("run"),
            ResNetPreset.RESNET20.config().toBuilder().depths(1, 1, 1).build(),
            "synthetic");
    sigmoidRun =
        writeRun(
            tmp.resolve("sigmoid"),
            ResNetPreset.RESNET20.config().toBuilder()
                .depths(1, 1, 1)
                .head(Head.SIGMOID)
                .classes(SyntheticDataset.ATTRIBUTES.size())
                .build(),
            "synthetic-multilabel");
  }

  /** A run of fresh weights (epoch 0) over {@code dataset}, recording the [-1, 1] normalisation. */
  static Path writeRun(Path run, ResNetConfig config, String dataset) throws Exception {
    return writeRun(run, config, dataset, 0);
  }

  /** A run that trained on {@code imageSize}-pixel images (0: the data set's own size). */
  static Path writeRun(Path run, ResNetConfig config, String dataset, int imageSize)
      throws Exception {
    Path epoch = run.resolve("checkpoints").resolve("epoch-000");
    Files.createDirectories(epoch);
    try (InferenceModel m = InferenceModel.create(config)) {
      m.session().save(epoch.resolve(RunDirectory.CHECKPOINT_PREFIX).toString());
    }
    Files.writeString(epoch.resolve("state.json"), "{\"epoch\":0,\"metrics\":{}}");
    Map<String, Object> data = new LinkedHashMap<>(DataSpec.of(dataset, null).toMap());
    data.put(
        "normalization", Map.of("mean", List.of(0.5, 0.5, 0.5), "std", List.of(0.5, 0.5, 0.5)));
    if (imageSize > 0) {
      data.put("imageSize", imageSize);
    }
    RunDirectory.create(run).writeConfig(new RunConfig(config, null, data, Map.of(), null));
    return run;
  }

  @Test
  void attributeEvidenceOfASigmoidHead() throws Exception {
    Path out = tmp.resolve("attributes");
    for (String target : List.of("2+", "2-")) {
      CliRun g =
          cli(
              "gradcam",
              "--model",
              sigmoidRun.toString(),
              "--indices",
              "0,1",
              "--target",
              target,
              "--layers",
              "layer3",
              "--deletion-steps",
              "2",
              "--out",
              out.resolve(target).toString());
      assertEquals(0, g.exitCode(), g.err());
      List<String> rows = Files.readAllLines(out.resolve(target).resolve("gradcam.csv"));
      assertEquals(3, rows.size());
      assertTrue(rows.get(1).startsWith("0000,layer3,gradcam," + target + ","), rows.get(1));
    }
    CliRun range =
        cli(
            "gradcam",
            "--model",
            sigmoidRun.toString(),
            "--target",
            "99+",
            "--out",
            out.toString());
    assertTrue(
        range
            .err()
            .startsWith("reslab gradcam: attribute index 99 is out of range: the model has "),
        range.err());
    CliRun classes =
        cli(
            "gradcam",
            "--model",
            sigmoidRun.toString(),
            "--class-names",
            "circle",
            "--out",
            out.toString());
    assertEquals(
        "reslab gradcam: synthetic-multilabel is multi-label: pick images with --indices, not --class-names",
        classes.err().strip());
  }

  @Test
  void perClassOfAMultiLabelRunIsOneRowPerLabelAgreeingWithEval() throws Exception {
    Path out = tmp.resolve("per-label");
    CliRun pc = cli("per-class", "--model", sigmoidRun.toString(), "--out", out.toString());
    assertEquals(0, pc.exitCode(), pc.err());
    List<String> rows = Files.readAllLines(out.resolve("per_label.csv"));
    int labels = SyntheticDataset.ATTRIBUTES.size();
    assertEquals(1 + labels, rows.size());
    assertTrue(rows.get(1).startsWith(SyntheticDataset.ATTRIBUTES.get(0) + ",0,"), rows.get(1));
    // eval counts the same images its own way: the label decisions' accuracy and the AUC agree
    Path json = tmp.resolve("per-label-eval.json");
    CliRun eval = cli("eval", "--model", sigmoidRun.toString(), "--json-file", json.toString());
    assertEquals(0, eval.exitCode(), eval.err());
    var evaluated = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
    var summary =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(out.resolve("summary.json").toFile());
    int n = summary.get("examples").asInt();
    assertEquals(evaluated.get("examples").asInt(), n, eval.out());
    assertEquals(evaluated.get("accuracy").asDouble(), summary.get("accuracy").asDouble(), 1e-9);
    assertEquals(evaluated.get("auc_macro").asDouble(), summary.get("auc_macro").asDouble(), 1e-9);
    // the mean of the rows is the summary; predicting every label absent, from the rows' counts
    double accuracy = 0;
    long positives = 0;
    for (String row : rows.subList(1, rows.size())) {
      String[] cells = row.split(",");
      accuracy += Double.parseDouble(cells[4]) / labels;
      positives += Long.parseLong(cells[2]);
      assertEquals(n, Long.parseLong(cells[2]) + Long.parseLong(cells[3]), row);
    }
    assertEquals(summary.get("accuracy").asDouble(), accuracy, 1e-5);
    assertEquals(
        1 - positives / ((double) n * labels),
        summary.get("all_absent_accuracy").asDouble(),
        1e-12);
    assertTrue(
        pc.out().startsWith("synthetic-multilabel/test: " + n + " images × " + labels + " labels"),
        pc.out());
  }

  @Test
  void robustnessOfAMultiLabelRunScoresMacroAucAndLabelAccuracyAsEvalDoes() throws Exception {
    Path out = tmp.resolve("robustness-multilabel");
    CliRun r =
        cli(
            "robustness",
            "--model",
            sigmoidRun.toString(),
            "--limit",
            "40",
            "--severities",
            "1,5",
            "--out",
            out.toString());
    assertEquals(0, r.exitCode(), r.err());
    // the clean row is what eval reports for the same 40 images
    Path json = tmp.resolve("robustness-multilabel-eval.json");
    CliRun eval =
        cli(
            "eval",
            "--model",
            sigmoidRun.toString(),
            "--dataset",
            "synthetic-multilabel",
            "--limit",
            "40",
            "--json-file",
            json.toString());
    assertEquals(0, eval.exitCode(), eval.err());
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    var evaluated = mapper.readTree(json.toFile());
    var summary = mapper.readTree(out.resolve("summary.json").toFile());
    assertEquals("fp32", summary.get("precision").asText());
    // eval normalises in its data pipeline, robustness in the model's graph: float rounding apart
    assertEquals(
        evaluated.get("auc_macro").asDouble(), summary.get("clean_auc_macro").asDouble(), 1e-4);
    assertEquals(
        evaluated.get("accuracy").asDouble(), summary.get("clean_accuracy").asDouble(), 1e-4);
    List<String> rows = Files.readAllLines(out.resolve("robustness.csv"));
    assertEquals(1 + 1 + 6, rows.size());
    assertTrue(rows.get(0).startsWith("corruption,severity,parameter,images,auc_macro,auc_drop,"));
    assertTrue(rows.get(1).startsWith("clean,0,0,40,"), rows.get(1));
    assertEquals(
        1 + 7 * SyntheticDataset.ATTRIBUTES.size(),
        Files.readAllLines(out.resolve("robustness_per_label.csv")).size());
    assertTrue(r.out().contains("| corruption | severity | parameter | images | macro AUC |"));
    assertTrue(Files.isRegularFile(out.resolve("robustness-curves.png")));
    assertTrue(Files.isRegularFile(out.resolve("analysis.json")));

    CliRun mce =
        cli(
            "robustness",
            "--model",
            sigmoidRun.toString(),
            "--baseline",
            sigmoidRun.toString(),
            "--out",
            out.toString());
    assertEquals(2, mce.exitCode());
    assertTrue(
        mce.err().strip().startsWith("reslab robustness: the mean corruption error (mCE) compares"),
        mce.err());
  }

  /** Runs reslab with the analysis commands added (ReslabCommand registers them in the end). */
  static CliRun cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = ReslabCommand.commandLine();
    Map<String, Object> commands =
        Map.of(
            "gradcam",
            new GradCamCommand(),
            "occlusion",
            new OcclusionCommand(),
            "activations",
            new ActivationsCommand(),
            "filters",
            new FiltersCommand(),
            "per-class",
            new PerClassCommand(),
            "robustness",
            new RobustnessCommand());
    commands.forEach(
        (name, command) -> {
          if (!cl.getSubcommands().containsKey(name)) {
            cl.addSubcommand(name, command);
          }
        });
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /**
   * On 224x224 images the patch and stride default to a quarter of the side and of the patch (56
   * and 14): 13 x 13 positions, as 8 and 2 give on 32x32, not the ~12,000 of CIFAR's fixed 8 and 2.
   */
  @Test
  void occlusionScalesItsPatchToTheImage() throws Exception {
    Path imagenetRun =
        writeRun(
            tmp.resolve("imagenet-stem"),
            ResNetPreset.RESNET18.config(Stem.IMAGENET, 10).toBuilder()
                .widthFactor(0.125)
                .depths(1, 1, 1, 1)
                .build(),
            "synthetic");
    Path photo = writePng(tmp.resolve("photo.png"), 300, 260, 10);
    Path out = tmp.resolve("occlusion-224");
    CliRun o =
        cli(
            "occlusion",
            "--model",
            imagenetRun.toString(),
            "--images",
            photo.toString(),
            "--out",
            out.toString());
    assertEquals(0, o.exitCode(), o.err());
    assertTrue(o.out().contains("\n169 occluded images"), o.out());
  }

  /**
   * --images reach a run at the size it trained at (recorded in config.json), as predict reads
   * them, not at its stem's usual size: an 8-pixel patch at stride 2 fits 5 x 5 times into the
   * 16x16 images this run trained on (13 x 13 into CIFAR's 32x32).
   */
  @Test
  void imageFilesAreReadAtTheSizeTheRunTrainedAt() throws Exception {
    Path small =
        writeRun(
            tmp.resolve("trained-at-16"),
            ResNetPreset.RESNET20.config(Stem.CIFAR, 10).toBuilder().depths(1, 1, 1).build(),
            "synthetic",
            16);
    Path photo = writePng(tmp.resolve("photo-16.png"), 40, 30, 3);
    CliRun o =
        cli(
            "occlusion",
            "--model",
            small.toString(),
            "--images",
            photo.toString(),
            "--patch",
            "8",
            "--stride",
            "2",
            "--out",
            tmp.resolve("occlusion-16").toString());
    assertEquals(0, o.exitCode(), o.err());
    assertTrue(o.out().contains("\n25 occluded images"), o.out());
  }

  /** A black PNG of {@code w} x {@code h} with one white pixel at ({@code at}, {@code at}). */
  private static Path writePng(Path file, int w, int h, int at) throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    img.setRGB(at, at, 0xffffff);
    Files.createDirectories(file.getParent());
    ImageIO.write(img, "png", file.toFile());
    return file;
  }

  /**
   * Over many classes (ImageNet's 1000) the console shows the best and worst --top-k classes that
   * had images and says where all are, instead of a line per class; classes without images are
   * counted, not listed as 0/0.
   */
  @Test
  void perClassOverManyClassesPrintsTheBestAndWorst() throws Exception {
    int classes = 30;
    Path folder = tmp.resolve("many-classes");
    for (int c = 0; c < classes; c++) {
      writePng(folder.resolve(String.format("class_%02d/a.png", c)), 32, 32, c);
    }
    Path wide =
        writeRun(
            tmp.resolve("thirty-classes"),
            ResNetPreset.RESNET20.config(Stem.CIFAR, classes).toBuilder().depths(1, 1, 1).build(),
            "synthetic");
    Path out = tmp.resolve("per-class-many");
    CliRun p =
        cli(
            "per-class",
            "--model",
            wide.toString(),
            "--dataset",
            "folder",
            "--data",
            folder.toString(),
            "--limit",
            "24", // an image of each of 24 classes; 6 classes without images
            "--top-k",
            "3",
            "--gallery",
            "0",
            "--out",
            out.toString());
    assertEquals(0, p.exitCode(), p.err());
    List<String> lines = p.out().lines().toList();
    int best = lines.indexOf("best 3 classes:");
    assertTrue(best > 0, p.out());
    assertEquals("worst 3 classes:", lines.get(best + 4), p.out());
    assertEquals(
        "all 24 classes with images in "
            + out.resolve("per_class.csv")
            + "; 6 of 30 classes had no images here",
        lines.get(best + 8),
        p.out());
    assertEquals("most confused:", lines.get(best + 9), p.out());

    // explanations of classes the data has too few images of say so
    CliRun g =
        CliRun.withStderr(
            "gradcam",
            "--model",
            wide.toString(),
            "--dataset",
            "folder",
            "--data",
            folder.toString(),
            "--class-names",
            "class_00,class_01",
            "--per-class",
            "2",
            "--layers",
            "layer3",
            "--out",
            tmp.resolve("cam-short").toString());
    assertEquals(0, g.exitCode(), g.err());
    assertTrue(
        g.err().contains("reslab: folder/test has only 1 image(s) of class class_01"), g.err());
  }

  @Test
  void explanationsWriteTheirFiles() throws Exception {
    Path out = tmp.resolve("explain");
    CliRun g =
        cli(
            "gradcam",
            "--model",
            run.toString(),
            "--indices",
            "0,3",
            "--layers",
            "layer1,layer3",
            "--method",
            "both",
            "--deletion-steps",
            "4",
            "--batch-size",
            "1",
            "--out",
            out.toString());
    assertEquals(0, g.exitCode(), g.err());
    try (var files = Files.list(out)) {
      // file stems are <index>-<class name>
      assertEquals(
          2,
          files
              .filter(p -> p.getFileName().toString().matches("000[03]-.*-gradcampp\\.png"))
              .count());
    }
    assertEquals(
        1 + 2 * 2,
        Files.readAllLines(out.resolve("gradcam.csv")).size()); // both batches in one table
    CliRun o =
        cli(
            "occlusion",
            "--model",
            run.toString(),
            "--indices",
            "1",
            "--patch",
            "8",
            "--stride",
            "8",
            "--out",
            out.toString());
    assertEquals(0, o.exitCode(), o.err());
    assertTrue(o.out().contains("16 occluded images"), o.out());
    CliRun a =
        cli(
            "activations",
            "--model",
            run.toString(),
            "--layers",
            "conv1",
            "--channels",
            "8",
            "--out",
            out.toString());
    assertEquals(0, a.exitCode(), a.err());
    CliRun f = cli("filters", "--model", run.toString(), "--out", out.toString());
    assertEquals(0, f.exitCode(), f.err());
    assertTrue(
        Files.isRegularFile(out.resolve("conv1.png"))
            && Files.isRegularFile(out.resolve("layer1.0.conv1.png")));
  }

  @Test
  void perClassAndRobustnessOnSyntheticData() throws Exception {
    Path out = tmp.resolve("tables");
    CliRun p =
        cli(
            "per-class",
            "--model",
            run.toString(),
            "--limit",
            "40",
            "--gallery",
            "4",
            "--out",
            out.toString());
    assertEquals(0, p.exitCode(), p.err());
    java.util.regex.Matcher correct =
        java.util.regex.Pattern.compile("(\\d+) of 40 correct").matcher(p.out());
    assertTrue(correct.find(), p.out());
    assertEquals(11, Files.readAllLines(out.resolve("per_class.csv")).size());
    // eval --limit 40 reads the same 40 images (it drew another subset before)
    Path json = tmp.resolve("eval-40.json");
    CliRun e =
        cli(
            "eval",
            "--model",
            run.toString(),
            "--dataset",
            "synthetic",
            "--limit",
            "40",
            "--json-file",
            json.toString());
    assertEquals(0, e.exitCode(), e.err());
    var evaluated = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
    assertEquals(40, evaluated.get("examples").asInt());
    assertEquals(
        Integer.parseInt(correct.group(1)) / 40.0, evaluated.get("accuracy").asDouble(), 1e-9);
    CliRun r =
        cli(
            "robustness",
            "--model",
            run.toString(),
            "--limit",
            "20",
            "--severities",
            "1,5",
            "--out",
            out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(1 + 1 + 6, Files.readAllLines(out.resolve("robustness.csv")).size());
    assertTrue(Files.isRegularFile(out.resolve("corruption-examples.png")));
  }

  @Test
  void badInputIsOneClearLine() {
    String model = run.toString();
    String out = tmp.resolve("bad").toString();
    CliRun layer = cli("gradcam", "--model", model, "--layers", "layer9", "--out", out);
    assertEquals(2, layer.exitCode());
    assertTrue(
        layer
            .err()
            .startsWith(
                "reslab gradcam: unknown layer 'layer9'; valid layers are conv1, bn1, relu, "
                    + "layer1.0.conv1,"),
        layer.err());
    assertEquals(1, layer.err().lines().count());
    CliRun range = cli("gradcam", "--model", model, "--target", "10", "--out", out);
    assertEquals(
        "reslab gradcam: class index 10 is out of range: the model has 10 outputs (0..9)",
        range.err().strip());
    CliRun attribute = cli("occlusion", "--model", model, "--target", "3-", "--out", out);
    assertEquals(
        "reslab occlusion: attribute target 3- needs a sigmoid (multi-label) head, but this model has a "
            + "softmax head over 10 classes; give a class index instead",
        attribute.err().strip());
    CliRun zero = cli("robustness", "--model", model, "--severities", "0", "--out", out);
    assertEquals("reslab robustness: severity must be 1 to 5, got 0", zero.err().strip());
    CliRun six = cli("robustness", "--model", model, "--severities", "6", "--out", out);
    assertEquals("reslab robustness: severity must be 1 to 5, got 6", six.err().strip());
    CliRun index = cli("activations", "--model", model, "--indices", "99999", "--out", out);
    assertEquals(
        "reslab activations: image index 99999 is out of range: synthetic has 1000 images (0 to"
            + " 999)",
        index.err().strip());
  }
}
