package dev.reslab.analysis.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.data.Normalization;
import dev.reslab.model.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report checks each results folder's {@code analysis.json} against the runs it reports on: the
 * same run and unchanged weights name the epoch; changed or other weights warn; a copy of the run's
 * weights elsewhere is recognised by its sha256; bf16 analyses are marked in the run's section.
 */
class AnalysisProvenanceReportTest {
  @TempDir Path tmp;

  @Test
  void foldersAreMatchedToTheRunByPathEpochAndSha256() throws Exception {
    Path run = ReportFixtures.handWrittenRun(tmp.resolve("runs/r"));
    checkpoint(run, 1, "weights of epoch 1");
    checkpoint(run, 2, "weights of epoch 2");
    Path copy = tmp.resolve("elsewhere/r");
    copyTree(run, copy);

    Path bf16 = results("bf16", record(run, 2, "bf16"));
    Path changed = results("changed", record(run, 1, "fp32"));
    Files.writeString(
        run.resolve("checkpoints/epoch-001/ckpt.data-00000-of-00001"), "retrained since");
    Path copied = results("copied", record(copy, 2, "fp32"));
    Path other = Files.createDirectories(tmp.resolve("other-run"));
    checkpointIn(other, "some other weights");
    Path foreign =
        results(
            "foreign",
            AnalysisProvenance.now(
                "per-class",
                List.of("--model", "other-run"),
                new AnalysisProvenance.ModelFacts(
                    "other-run",
                    AnalysisProvenance.ModelFacts.RUN,
                    other.toString(),
                    7,
                    other.resolve("ckpt").toString(),
                    sha256(other)),
                null,
                null,
                new AnalysisProvenance.PrecisionFacts("fp32", "fp32", null),
                AnalysisProvenance.DataFacts.split("synthetic", null, "test", 96, 0, 1),
                AnalysisProvenance.NormalizationFacts.of(Normalization.HALF)));
    Path old = Files.createDirectories(tmp.resolve("old"));
    Files.writeString(old.resolve("per_class.csv"), "class,accuracy\ncircle,0.5\n");
    Path broken = results("broken", record(run, 2, "fp32"));
    Files.writeString(broken.resolve("analysis.json"), "{\"command\": [");

    String md =
        Files.readString(
            Report.write(
                    List.of(run, bf16, changed, copied, foreign, old, broken), tmp.resolve("o"))
                .markdown());

    String b = section(md, "Results in bf16");
    assertTrue(b.contains("Computed from run `" + run + "` of this report, epoch 2."), b);
    assertTrue(b.contains("| precision | bf16 (mixed"), b);
    assertTrue(b.contains("| data | synthetic/test, 96 images |"), b);
    assertTrue(
        b.contains("| weights sha256 | " + sha256(run.resolve("checkpoints/epoch-002")) + " |"), b);
    String c = section(md, "Results in changed");
    assertTrue(
        c.contains(
            "**Warning: computed from run `"
                + run
                + "`, epoch 1, but that checkpoint has changed since"),
        c);
    String cp = section(md, "Results in copied");
    assertTrue(
        cp.contains(
            "Computed from the weights of run `"
                + run
                + "`, epoch 2 (same sha256), read from `"
                + copy
                + "`."),
        cp);
    String f = section(md, "Results in foreign");
    assertTrue(
        f.contains(
            "**Warning: computed from another model than the run of this report: from `other-run`, epoch 7"),
        f);
    String o = section(md, "Results in old");
    assertTrue(o.contains("No `analysis.json` in this folder"), o);
    assertTrue(o.contains("| circle | 50.0 % |"), "its results are still shown: " + o);
    String br = section(md, "Results in broken");
    assertTrue(
        br.contains(
            "Warning: " + broken.resolve("analysis.json") + " is not a record of an analysis"),
        br);

    String r = section(md, "Run r");
    assertTrue(r.contains("Analyses of this run"), r);
    assertTrue(
        r.contains(
            "| `"
                + bf16
                + "` | `per-class` | 2 | "
                + sha256(run.resolve("checkpoints/epoch-002")).substring(0, 12)
                + "… | bf16 |"),
        r);
    assertTrue(r.contains("| `" + copied + "` | `per-class` | 2 | "), r);
    assertFalse(r.contains("`" + changed + "`") || r.contains("`" + foreign + "`"), r);
    assertTrue(
        r.contains(
            "Computed in **bf16** (convolutions and matrix products in bfloat16): `" + bf16 + "`."),
        r);
  }

  @Test
  void theRecordReadsBackAsWritten() throws Exception {
    Path run = ReportFixtures.handWrittenRun(tmp.resolve("run"));
    checkpoint(run, 2, "weights");
    AnalysisProvenance written = record(run, 2, "bf16");
    written.write(tmp.resolve("pc"));
    AnalysisProvenance read = AnalysisProvenance.read(tmp.resolve("pc")).orElseThrow();
    assertEquals(written.command(), read.command());
    assertEquals(written.arguments(), read.arguments());
    assertEquals(written.model(), read.model());
    assertEquals(written.precision(), read.precision());
    assertEquals(written.data(), read.data());
    assertArrayEquals(Normalization.HALF.mean(), read.normalization().mean());
    assertEquals(written.versions(), read.versions());
    assertEquals(sha256(run.resolve("checkpoints/epoch-002")), read.model().sha256());
    assertTrue(AnalysisProvenance.read(tmp).isEmpty(), "a folder without the file");
  }

  @Test
  void commandsSharingAFolderAllStayOnRecord() throws Exception {
    Path run = ReportFixtures.handWrittenRun(tmp.resolve("runs/r"));
    checkpoint(run, 2, "weights");
    Path folder = results("shared", record(run, 2, "fp32"));
    AnalysisProvenance gradcam = record(run, 2, "bf16", "gradcam");
    gradcam.write(folder);
    AnalysisProvenance read = AnalysisProvenance.read(folder).orElseThrow();
    assertEquals("gradcam", read.command());
    assertEquals(List.of("per-class"), read.earlier().stream().map(r -> r.command()).toList());
    record(run, 2, "fp32").write(folder); // per-class again: its old record goes, gradcam stays
    read = AnalysisProvenance.read(folder).orElseThrow();
    assertEquals("per-class", read.command());
    assertEquals(List.of("gradcam"), read.earlier().stream().map(r -> r.command()).toList());
    assertTrue(read.earlier().get(0).earlier().isEmpty(), "one level, no nesting");

    Path inside = Files.createDirectories(run.resolve("pc"));
    Files.copy(folder.resolve("analysis.json"), inside.resolve("analysis.json"));
    Files.writeString(inside.resolve("per_class.csv"), "class,accuracy\ncircle,0.5\n");
    // the folder inside the run is given too: listed once, as the run's own
    String md =
        Files.readString(Report.write(List.of(run, folder, inside), tmp.resolve("o")).markdown());
    String section = section(md, "Results in shared");
    assertTrue(
        section.contains("Also in this folder, from before: `reslab gradcam` on `" + run + "`"),
        section);
    assertEquals(
        2,
        section.split("Computed from run `" + run + "` of this report, epoch 2.", -1).length - 1,
        section);
    String r = section(md, "Run r");
    assertTrue(r.contains("| `gradcam` | 2 |") && r.contains("| `per-class` | 2 |"), r);
    assertEquals(2, r.split("\\| `pc` \\|", -1).length - 1, "gradcam and per-class in pc: " + r);
    assertFalse(r.contains("| `" + inside + "` |"), "not a second time by its full path: " + r);
  }

  @Test
  void aFolderSetAsideClaimsNothingUntilTheNextCommandSucceeds() throws Exception {
    Path run = ReportFixtures.handWrittenRun(tmp.resolve("runs/r"));
    checkpoint(run, 2, "weights");
    Path folder = results("shared", record(run, 2, "fp32"));
    record(run, 2, "bf16", "gradcam").write(folder);

    AnalysisProvenance.setAside(folder); // a command starts writing here, then fails
    AnalysisProvenance.setAside(folder); // and another: the records set aside stay
    assertTrue(AnalysisProvenance.read(folder).isEmpty());
    String md = Files.readString(Report.write(List.of(folder), tmp.resolve("o")).markdown());
    String section = section(md, "Results in shared");
    assertTrue(
        section.contains(
            "No `analysis.json` in this folder: a command that was writing results here did not "
                + "finish, so its files may be a mix of old and new results and which model, "
                + "precision or data made them is unknown."),
        section);
    assertFalse(section.contains("made by"), section);

    record(run, 2, "fp32", "occlusion").write(folder);
    AnalysisProvenance read = AnalysisProvenance.read(folder).orElseThrow();
    assertEquals("occlusion", read.command());
    assertEquals(
        List.of("gradcam", "per-class"), read.earlier().stream().map(r -> r.command()).toList());
    try (Stream<Path> files = Files.list(folder)) {
      assertEquals(
          List.of("analysis.json", "per_class.csv"),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }

    Files.writeString(folder.resolve("analysis.json"), "{\"command\": [");
    AnalysisProvenance.setAside(folder); // a broken record is set aside too, and then dropped
    record(run, 2, "fp32").write(folder);
    assertTrue(AnalysisProvenance.read(folder).orElseThrow().earlier().isEmpty());
  }

  private AnalysisProvenance record(Path run, int epoch, String precision) {
    return record(run, epoch, precision, "per-class");
  }

  private AnalysisProvenance record(Path run, int epoch, String precision, String command) {
    RunDirectory.Checkpoint cp =
        new RunDirectory.Checkpoint(
            RunDirectory.open(run),
            epoch,
            run.resolve("checkpoints/epoch-00" + epoch + "/" + RunDirectory.CHECKPOINT_PREFIX));
    return AnalysisProvenance.now(
        command,
        List.of("--model", run.toString(), "--precision", precision),
        AnalysisProvenance.ModelFacts.of(run, cp),
        null,
        null,
        new AnalysisProvenance.PrecisionFacts(precision, precision, null),
        AnalysisProvenance.DataFacts.split("synthetic", null, "test", 96, 0, 1),
        AnalysisProvenance.NormalizationFacts.of(Normalization.HALF));
  }

  private Path results(String name, AnalysisProvenance record) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.writeString(dir.resolve("per_class.csv"), "class,accuracy\ncircle,0.5\n");
    record.write(dir);
    return dir;
  }

  /** Checkpoint files with known bytes: the hash does not read them as TensorFlow would. */
  private static void checkpoint(Path run, int epoch, String content) throws Exception {
    checkpointIn(Files.createDirectories(run.resolve("checkpoints/epoch-00" + epoch)), content);
  }

  private static void checkpointIn(Path dir, String content) throws Exception {
    Files.writeString(dir.resolve("ckpt.index"), "index " + content);
    Files.writeString(dir.resolve("ckpt.data-00000-of-00001"), content);
  }

  /** SHA-256 over ckpt.* in name order, computed here independently. */
  private static String sha256(Path dir) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f :
          s.filter(p -> p.getFileName().toString().startsWith("ckpt.")).sorted().toList()) {
        md.update(Files.readAllBytes(f));
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static String section(String markdown, String heading) {
    int start = markdown.indexOf("## " + heading);
    assertTrue(start >= 0, "no section " + heading + " in\n" + markdown);
    int end = markdown.indexOf("\n## ", start + 3);
    return markdown.substring(start, end < 0 ? markdown.length() : end);
  }
}
