package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reslab.model.engine.Precision;
import dev.reslab.model.engine.SessionOptions;
import dev.reslab.model.io.AtomicFiles;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every analysis folder says what made it ({@code analysis.json}), and a report on a run and such
 * folders says which of them came from the run, at which epoch, and which did not.
 */
class AnalysisProvenanceCommandTest {
  private static final ResNetConfig SMALL =
      ResNetPreset.RESNET20.config().toBuilder().depths(1, 1, 1).build();

  @TempDir Path tmp;

  @Test
  void analysisJsonStatesModelPrecisionAndData() throws Exception {
    Path run = AnalysisCommandsTest.writeRun(tmp.resolve("run"), SMALL, "synthetic");
    Path pc = tmp.resolve("out/pc");
    List<String> perClassArgs =
        List.of(
            "--model", run.toString(), "--limit", "40", "--gallery", "2", "--out", pc.toString());
    CliRun p = AnalysisCommandsTest.cli(concat("per-class", perClassArgs));
    assertEquals(0, p.exitCode(), p.err());
    Path cam = tmp.resolve("out/cam");
    List<String> camArgs =
        List.of(
            "--model",
            run.resolve("checkpoints/epoch-000").toString(),
            "--indices",
            "0,3",
            "--layers",
            "layer2",
            "--deletion-steps",
            "0",
            "--precision",
            "bf16",
            "--out",
            cam.toString());
    CliRun g = AnalysisCommandsTest.cli(concat("gradcam", camArgs));
    assertEquals(0, g.exitCode(), g.err());

    String sha = checkpointSha256(run.resolve("checkpoints/epoch-000"));
    JsonNode a = new ObjectMapper().readTree(pc.resolve("analysis.json").toFile());
    assertEquals("per-class", a.get("command").asText());
    assertEquals(perClassArgs, strings(a.get("arguments")));
    assertEquals(run.toString(), a.get("model").get("given").asText());
    assertEquals("run", a.get("model").get("kind").asText());
    assertEquals(run.toAbsolutePath().normalize().toString(), a.get("model").get("path").asText());
    assertEquals(0, a.get("model").get("epoch").asInt());
    assertEquals(sha, a.get("model").get("sha256").asText());
    assertEquals("fp32", a.get("precision").get("requested").asText());
    assertEquals("fp32", a.get("precision").get("effective").asText());
    assertEquals("synthetic", a.get("data").get("dataset").asText());
    assertEquals("test", a.get("data").get("split").asText());
    assertEquals(40, a.get("data").get("images").asLong());
    assertEquals(40, a.get("data").get("limit").asLong());
    assertEquals(1, a.get("data").get("subsetSeed").asLong());
    assertEquals("half", a.get("normalization").get("name").asText());
    assertEquals(0.5, a.get("normalization").get("mean").get(0).asDouble());
    assertFalse(a.get("versions").get("tensorflow").asText().isEmpty());
    assertTrue(a.get("created").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));

    JsonNode c = new ObjectMapper().readTree(cam.resolve("analysis.json").toFile());
    assertEquals("gradcam", c.get("command").asText());
    assertEquals(camArgs, strings(c.get("arguments")));
    assertEquals(sha, c.get("model").get("sha256").asText(), "the same weights, named by epoch");
    assertEquals(0, c.get("model").get("epoch").asInt());
    // what this machine can do in bf16 is the engine's call; the record states it either way
    SessionOptions bf16 = SessionOptions.of(Precision.BF16, 0, SMALL);
    assertEquals("bf16", c.get("precision").get("requested").asText());
    assertEquals(bf16.precision().toString(), c.get("precision").get("effective").asText());
    assertEquals(
        bf16.fallback().orElse(null),
        c.get("precision").has("fallback") ? c.get("precision").get("fallback").asText() : null);
    assertEquals(2, c.get("data").get("images").asLong());
    assertEquals(0, c.get("data").get("limit").asLong());
    assertNull(c.get("data").get("subsetSeed"), "no subset without a limit");

    // results files are unchanged: analysis.json comes in addition
    assertTrue(Files.isRegularFile(pc.resolve("per_class.csv")));
    assertTrue(Files.isRegularFile(cam.resolve("gradcam.csv")));
  }

  @Test
  void reportTellsMatchedMismatchedAndUnrecordedFoldersApart() throws Exception {
    Path run = asImported(AnalysisCommandsTest.writeRun(tmp.resolve("runs/a"), SMALL, "synthetic"));
    Path other =
        asImported(
            AnalysisCommandsTest.writeRun(
                tmp.resolve("runs/b"), SMALL.toBuilder().seed(99).build(), "synthetic"));
    Path fromRun = tmp.resolve("out/from-a");
    Path fromOther = tmp.resolve("out/from-b");
    Path old = tmp.resolve("out/old");
    for (Path[] job : new Path[][] {{run, fromRun}, {other, fromOther}, {run, old}}) {
      CliRun p =
          AnalysisCommandsTest.cli(
              "per-class",
              "--model",
              job[0].toString(),
              "--dataset",
              "synthetic",
              "--limit",
              "20",
              "--gallery",
              "0",
              "--out",
              job[1].toString());
      assertEquals(0, p.exitCode(), p.err());
    }
    Files.delete(old.resolve("analysis.json")); // as written before reslab kept the record

    Path out = tmp.resolve("report");
    CliRun r =
        CliRun.of(
            "report",
            run.toString(),
            fromRun.toString(),
            fromOther.toString(),
            old.toString(),
            "--out",
            out.toString());
    assertEquals(0, r.exitCode(), r.err());
    String md = Files.readString(out.resolve("report.md"));
    String matched = section(md, "Results in from-a");
    assertTrue(matched.contains("made by"), matched);
    assertTrue(
        matched.contains("Computed from run `" + run + "` of this report, epoch 0."), matched);
    assertFalse(matched.contains("Warning"), matched);
    String mismatched = section(md, "Results in from-b");
    assertTrue(
        mismatched.contains("**Warning: computed from another model than the run of this report"),
        mismatched);
    assertTrue(mismatched.contains("`" + other + "`, epoch 0"), mismatched);
    String unrecorded = section(md, "Results in old");
    assertTrue(unrecorded.contains("No `analysis.json` in this folder"), unrecorded);
    assertTrue(unrecorded.contains("per_class.csv"), "an old folder's results are still shown");
    String runSection = section(md, "Run a");
    assertTrue(runSection.contains("Analyses of this run"), runSection);
    assertTrue(runSection.contains("`" + fromRun + "`"), runSection);
    assertFalse(runSection.contains("`" + fromOther + "`"), runSection);
  }

  @Test
  void aCommandThatFailsWhileWritingLeavesNoRecordClaimingTheFolder() throws Exception {
    Path run = AnalysisCommandsTest.writeRun(tmp.resolve("run"), SMALL, "synthetic");
    Path out = tmp.resolve("out");
    CliRun g =
        AnalysisCommandsTest.cli(
            "gradcam",
            "--model",
            run.toString(),
            "--indices",
            "0",
            "--layers",
            "layer1",
            "--deletion-steps",
            "0",
            "--out",
            out.toString());
    assertEquals(0, g.exitCode(), g.err());
    assertEquals(0, perClass(run, out, "20").exitCode());
    assertEquals("per-class", record(out).get("command").asText());

    // failing before it writes anything: the folder and its record stay as they were
    CliRun noData =
        AnalysisCommandsTest.cli(
            "per-class",
            "--model",
            run.toString(),
            "--dataset",
            "cifar10",
            "--data",
            tmp.resolve("no-such-folder").toString(),
            "--out",
            out.toString());
    assertEquals(2, noData.exitCode(), noData.err());
    assertEquals(20, record(out).get("data").get("images").asLong());

    // failing half-way through its files: per_class.csv is new, summary.json cannot be written
    Files.delete(out.resolve("summary.json"));
    Files.createDirectories(out.resolve("summary.json").resolve("in-the-way"));
    CliRun failed = perClass(run, out, "40");
    assertTrue(failed.exitCode() != 0, failed.err());
    assertEquals(
        40,
        Files.readAllLines(out.resolve("per_class.csv")).stream()
            .skip(1)
            .mapToLong(row -> Long.parseLong(row.split(",")[3]))
            .sum(),
        "per_class.csv already holds the 40-image results");
    assertFalse(
        Files.exists(out.resolve("analysis.json")),
        "no record may claim the half-written folder for the 20-image run");
    Path report = tmp.resolve("report");
    CliRun r = CliRun.of("report", out.toString(), "--out", report.toString());
    assertEquals(0, r.exitCode(), r.err());
    String section = section(Files.readString(report.resolve("report.md")), "Results in out");
    assertTrue(
        section.contains(
            "No `analysis.json` in this folder: a command that was writing results here did not "
                + "finish"),
        section);
    assertTrue(section.contains("is unknown"), section);

    // the next success records itself and brings back the other command's record
    AtomicFiles.deleteTree(out.resolve("summary.json"));
    assertEquals(0, perClass(run, out, "40").exitCode());
    JsonNode after = record(out);
    assertEquals(40, after.get("data").get("images").asLong());
    assertEquals(1, after.get("earlier").size());
    assertEquals("gradcam", after.get("earlier").get(0).get("command").asText());
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(
          List.of(),
          files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".")).toList());
    }
  }

  @Test
  void robustnessRunsItsBaselineInTheModelsPrecisionAndRecordsIt() throws Exception {
    Path run = AnalysisCommandsTest.writeRun(tmp.resolve("run"), SMALL, "synthetic");
    Path base =
        AnalysisCommandsTest.writeRun(
            tmp.resolve("base"), SMALL.toBuilder().seed(5).build(), "synthetic");
    Path out = tmp.resolve("robust");
    CliRun rob = robustness(run, base, out);
    assertEquals(0, rob.exitCode(), rob.err());
    JsonNode a = record(out);
    assertEquals("bf16", a.get("precision").get("requested").asText());
    // bf16 where this CPU runs it (AMX), fp32 elsewhere: the baseline in the same, whichever
    String effective = a.get("precision").get("effective").asText();
    assertEquals(effective, a.get("baselinePrecision").get("requested").asText());
    assertEquals(effective, a.get("baselinePrecision").get("effective").asText());
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(effective, summary.get("precision").asText());
    assertTrue(
        Files.readString(out.resolve("robustness.md"))
            .startsWith("Clean and corrupted images were evaluated in " + effective + "."));

    Path report = tmp.resolve("report");
    CliRun r = CliRun.of("report", out.toString(), "--out", report.toString());
    assertEquals(0, r.exitCode(), r.err());
    String section = section(Files.readString(report.resolve("report.md")), "Results in robust");
    String line =
        section
            .lines()
            .filter(l -> l.contains("baseline model"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(section));
    assertTrue(line.contains("`" + base + "`, epoch 0"), line);
    assertTrue(line.contains(", computed in " + effective), line);
    assertFalse(line.contains("two precisions"), line);
  }

  @Test
  void aBaselineThatCannotRunInTheModelsPrecisionStopsTheStudy() throws Exception {
    Path run = AnalysisCommandsTest.writeRun(tmp.resolve("run"), SMALL, "synthetic");
    // 8 channels: narrower than bf16 pays for, so it runs fp32 whatever is asked
    Path narrow =
        AnalysisCommandsTest.writeRun(
            tmp.resolve("narrow"), SMALL.toBuilder().widthFactor(0.5).build(), "synthetic");
    Path out = tmp.resolve("robust-narrow");
    CliRun rob = robustness(run, narrow, out);
    Assumptions.assumeTrue(
        rob.exitCode() != 0, "bf16 does not run on this CPU: model and baseline both ran fp32");
    assertEquals(2, rob.exitCode());
    assertTrue(
        rob.err()
            .strip()
            .matches(
                "reslab robustness: the baseline "
                    + Pattern.quote(narrow.toString())
                    + " runs in fp32 here \\(.+\\) but the model in bf16: an mCE across two"
                    + " precisions mixes their effect into the models'; compare both in fp32"
                    + " \\(--precision fp32\\)"),
        rob.err());
    assertFalse(Files.exists(out.resolve("robustness.csv")));
  }

  private static CliRun robustness(Path run, Path base, Path out) {
    return AnalysisCommandsTest.cli(
        "robustness",
        "--model",
        run.toString(),
        "--baseline",
        base.toString(),
        "--precision",
        "bf16",
        "--limit",
        "8",
        "--corruptions",
        "gaussian_noise",
        "--severities",
        "1",
        "--out",
        out.toString());
  }

  private static CliRun perClass(Path run, Path out, String limit) {
    return AnalysisCommandsTest.cli(
        "per-class",
        "--model",
        run.toString(),
        "--limit",
        limit,
        "--gallery",
        "0",
        "--out",
        out.toString());
  }

  private static JsonNode record(Path dir) throws Exception {
    return new ObjectMapper().readTree(dir.resolve("analysis.json").toFile());
  }

  /**
   * Like an imported run: no training and no data set of its own (only the normalisation its
   * weights expect).
   */
  private static Path asImported(Path run) {
    RunDirectory dir = RunDirectory.open(run);
    RunConfig c = dir.readConfig();
    Map<String, Object> data = new LinkedHashMap<>(c.data());
    data.remove("dataset");
    dir.writeConfig(new RunConfig(c.model(), null, data, c.versions(), c.created()));
    return run;
  }

  /** The text from a level-2 heading to the next one. */
  static String section(String markdown, String heading) {
    int start = markdown.indexOf("## " + heading);
    assertTrue(start >= 0, "no section " + heading + " in\n" + markdown);
    int end = markdown.indexOf("\n## ", start + 3);
    return markdown.substring(start, end < 0 ? markdown.length() : end);
  }

  /** SHA-256 over the checkpoint's ckpt.* files in name order, computed here independently. */
  static String checkpointSha256(Path epochDir) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    List<Path> files;
    try (Stream<Path> s = Files.list(epochDir)) {
      files = s.filter(f -> f.getFileName().toString().startsWith("ckpt.")).sorted().toList();
    }
    assertTrue(files.size() >= 2, "index and data files: " + files);
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        md.update(in.readAllBytes());
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static String[] concat(String command, List<String> args) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(args);
    return all.toArray(String[]::new);
  }

  private static List<String> strings(JsonNode array) {
    List<String> list = new ArrayList<>();
    array.forEach(n -> list.add(n.asText()));
    return list;
  }
}
