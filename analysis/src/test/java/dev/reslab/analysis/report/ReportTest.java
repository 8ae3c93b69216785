package dev.reslab.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.data.DataSpec;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports on a hand-written run and a tiny trained study: contents, self-containment, links, cards,
 * datasheets.
 */
class ReportTest {
  @TempDir Path tmp;

  @Test
  void aReportOnARunAndAStudy() throws Exception {
    Path run = ReportFixtures.handWrittenRun(tmp.resolve("run-a"));
    Path study = ReportFixtures.tinyStudy(tmp.resolve("abl"));
    Report.Written w = Report.write(List.of(run, study), tmp.resolve("out"));
    String md = Files.readString(w.markdown());
    String html = Files.readString(w.html());

    // the run: its numbers, the best epoch marked, the Wilson interval of 50 % of 96 images
    assertTrue(md.contains("| 2 (best) | 1.6000 | 45.0 % | 1.5000 | 50.0 % | 2 |"), md);
    // Wilson 95 % for 48/96: centre 0.5, half-width 1.96·√(0.25/96 + 1.96²/(4·96²)) / (1 +
    // 1.96²/96)
    double z = 1.959963984540054;
    double half = z * Math.sqrt(0.25 / 96 + z * z / (4.0 * 96 * 96)) / (1 + z * z / 96);
    assertTrue(
        md.contains(
            String.format(
                Locale.ROOT,
                "95 %% Wilson interval [%.2f %%, %.2f %%]",
                100 * (0.5 - half),
                100 * (0.5 + half))),
        md);
    assertTrue(md.contains("The validation loss rose in the last epoch."), md);
    // results other commands left in the run directory
    assertTrue(md.contains("| gaussian_noise | 5 | 12.0 % |"), md); // fractions as percentages
    assertTrue(md.contains("gradcam/layer4.png"), md);
    // the study
    assertTrue(md.contains("## Ablation study `abl`"), md);
    assertTrue(md.contains("| -layer4 | 22,450 | -71.2 % | 1 |"), md);
    assertTrue(md.contains("One seed per variant"), md);

    // Markdown images exist beside it; the HTML embeds every image and loads nothing
    Matcher links = Pattern.compile("!\\[[^]]*]\\(([^)]+)\\)").matcher(md);
    int images = 0;
    while (links.find()) {
      assertTrue(
          Files.isRegularFile(w.markdown().getParent().resolve(links.group(1))), links.group(1));
      assertFalse(
          links.group(1).startsWith(".."), "a link out of the report folder: " + links.group(1));
      images++;
    }
    Matcher srcs = Pattern.compile("<img src=\"([^\"]{0,30})").matcher(html);
    int embedded = 0;
    while (srcs.find()) {
      assertTrue(srcs.group(1).startsWith("data:image/png;base64,"), srcs.group(1));
      embedded++;
    }
    assertEquals(images, embedded);
    assertTrue(images >= 5, "images: " + images);
    assertFalse(md.contains("per epoch (mean"), "a one-epoch study has no chart over epochs");
    assertFalse(html.contains("<script"));
    assertFalse(html.contains("http://") || html.contains("https://"));

    // model cards and a datasheet from the metadata
    assertEquals(2, w.modelCards().size());
    String card = Files.readString(w.modelCards().get(0));
    for (String section :
        List.of(
            "## Model details",
            "## Intended use",
            "## Training data",
            "## Evaluation data",
            "## Metrics",
            "## Robustness",
            "## Limitations")) {
      assertTrue(card.contains(section), section);
    }
    assertTrue(card.contains("| val_accuracy | 50.0 % [40.2, 59.8] (Wilson, 96 images) |"), card);
    assertTrue(card.contains("| none | 0 | 50.0 % |"), card);
    assertTrue(card.contains("One training seed"), card);
    assertEquals(List.of(tmp.resolve("out/datasheet-synthetic.md")), w.datasheets());
    String sheet = Files.readString(w.datasheets().get(0));
    assertTrue(
        sheet.contains("| training | train | 6,000 | 192 | first 192 in the data set's order |"),
        sheet);
    assertTrue(sheet.contains("Class balance of the training examples used"), sheet);
    // the class counts add up to the examples used
    Matcher counts =
        Pattern.compile(
                "\\| (circle|square|triangle|plus|cross|ring|diamond|frame|hstripes|vstripes) "
                    + "\\| (\\d+) \\|")
            .matcher(sheet.substring(sheet.indexOf("Class balance of the training")));
    int sum = 0;
    for (int i = 0; i < 10 && counts.find(); i++) {
      sum += Integer.parseInt(counts.group(2));
    }
    assertEquals(192, sum);
  }

  /**
   * A run with weights from elsewhere that names the data set it is meant for (no training of its
   * own) is reported without a training section or model card, not with a NullPointerException.
   */
  @Test
  void anImportedRunThatNamesItsDataSetIsReported() throws Exception {
    Path run = tmp.resolve("imported");
    RunDirectory.create(run)
        .writeConfig(
            new RunConfig(
                ResNetPreset.RESNET20.config(),
                null,
                DataSpec.of("synthetic", null).toMap(),
                Map.of(),
                null,
                null));
    Report.Written w = Report.write(List.of(run), tmp.resolve("report"));
    String md = Files.readString(w.markdown());
    assertTrue(md.contains("imported"), md);
    assertTrue(w.modelCards().isEmpty(), "no model card for weights not trained here");
  }

  @Test
  void aFolderThatIsNeitherRunNorStudyIsRefused() throws Exception {
    Files.createDirectories(tmp.resolve("empty"));
    assertEquals(
        tmp.resolve("empty")
            + " is neither a run directory (no config.json), a study (no study.json) nor "
            + "a folder of analysis results (no .csv, .png or summary.json in it)",
        assertThrows(
                IllegalArgumentException.class,
                () -> Report.write(List.of(tmp.resolve("empty")), tmp.resolve("o")))
            .getMessage());
  }

  @Test
  void aGradCamTableComesWithHowToReadDeletionAuc() throws Exception {
    Path cam = Files.createDirectories(tmp.resolve("cam"));
    Files.writeString(
        cam.resolve("gradcam.csv"),
        "image,layer,method,deletion_auc,top_fraction,confidence_drop\n"
            + "test-0,layer3,gradcam,0.21,0.2,0.6\n");
    Files.writeString(tmp.resolve("cam").resolve("occlusion.csv"), "image,max_drop\nx,0.1\n");
    String md = Files.readString(Report.write(List.of(cam), tmp.resolve("r")).markdown());
    assertTrue(md.contains("**Lower is better**"), md);
    // a table another command wrote is shown with its fractions as percentages, not raw CSV
    assertTrue(md.contains("| 21.0 % | 20.0 % | 60.0 % |"), md);
    assertEquals(
        1, md.split("How to read `deletion_auc`", -1).length - 1, "once, under its table: " + md);
  }

  /**
   * A confusion matrix of many classes (ImageNet's 1000) is shown as its first rows and columns,
   * saying how much is left out; a class column is never read as a metric (chocolate_sauce is no
   * AUC).
   */
  @Test
  void aWideConfusionMatrixIsShownAsAnExcerpt() throws Exception {
    Path pc = Files.createDirectories(tmp.resolve("per-class"));
    List<String> classes = new java.util.ArrayList<>();
    for (int c = 0; c < 30; c++) {
      classes.add(c == 3 ? "chocolate_sauce" : "class" + c);
    }
    StringBuilder csv = new StringBuilder("true\\predicted," + String.join(",", classes) + "\n");
    for (int r = 0; r < 30; r++) {
      csv.append(classes.get(r));
      for (int c = 0; c < 30; c++) {
        csv.append(',').append(r == c ? 1 : 0);
      }
      csv.append('\n');
    }
    Files.writeString(pc.resolve("confusion.csv"), csv);
    String md = Files.readString(Report.write(List.of(pc), tmp.resolve("r")).markdown());
    assertTrue(md.contains("`confusion.csv` (first 25 rows, 10 more columns in the file)"), md);
    String header =
        md.lines().filter(l -> l.startsWith("| true\\predicted |")).findFirst().orElseThrow();
    assertEquals(21, header.split("\\|", -1).length - 2, header); // row label and 20 classes
    assertFalse(md.contains(" %"), "no class column shown as a percentage: " + md);
  }

  @Test
  void htmlEscapesTextAndKeepsCodeSpans() {
    assertEquals(
        "a &lt;b&gt; &amp; <code>x&lt;y</code> <strong>z</strong>",
        HtmlRenderer.inline("a <b> & `x<y` **z**"));
  }
}
