package dev.reslab.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.analysis.plot.PngFile;
import dev.reslab.model.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report on folders another command is writing into: the atomic writers' temporary files and
 * folders (hidden names, renamed into place when whole) are not reported, and a file that goes away
 * between listing and reading is skipped instead of failing the report.
 */
class ReportWhileWritingTest {
  @TempDir Path tmp;

  @Test
  void inFlightTemporaryFilesAndFoldersAreNotReported() throws Exception {
    Path run = ReportFixtures.handWrittenRun(tmp.resolve("run"));
    Path cam = resultsFolder(tmp.resolve("cam"));
    // as AtomicFiles, ExplanationFiles.writeNpy and SavedModelExport name their work in progress
    png(cam.resolve(".grid.png.8123.tmp"));
    png(cam.resolve(".cam.export-tmp/half.png"));
    Files.writeString(cam.resolve(".cam.export-tmp/half.csv"), "a,b\n1,2\n");
    png(run.resolve(".saved_model.export-tmp/assets.extra/half.png"));

    String md = Files.readString(Report.write(List.of(run, cam), tmp.resolve("r")).markdown());
    assertTrue(md.contains("cam: grid.png"), md);
    assertTrue(md.contains("gradcam/layer4.png"), md);
    assertFalse(md.contains("half"), md);
    assertFalse(md.contains(".tmp"), md);
  }

  @Test
  void filesThatGoAwayWhileTheReportReadsAreSkipped() throws Exception {
    Path cam = resultsFolder(tmp.resolve("cam"));
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<Throwable> writerFailed = new AtomicReference<>();
    // another command: temporary files and folders come and go, a chart is replaced and removed
    Thread writer =
        new Thread(
            () -> {
              try {
                for (int i = 0; !done.get(); i++) {
                  Path file = cam.resolve(".late.png." + i + ".tmp");
                  Path folder = cam.resolve(".cam.export-tmp-" + i);
                  png(file);
                  png(folder.resolve("inner.png"));
                  AtomicFiles.move(file, cam.resolve("late.png"));
                  AtomicFiles.deleteTree(folder);
                  Files.deleteIfExists(cam.resolve("late.png"));
                }
              } catch (Throwable t) {
                writerFailed.set(t);
              }
            });
    writer.start();
    try {
      for (int i = 0; i < 60; i++) {
        String md =
            MarkdownRenderer.render(
                ResultsSection.build(
                    cam, "cam", tmp.resolve("figures"), List.of(), new AnalysisOrigins()),
                tmp);
        assertTrue(md.contains("cam: grid.png") && md.contains("`gradcam.csv`"), md);
        assertFalse(md.contains("inner.png") || md.contains(".tmp"), md);
      }
    } finally {
      done.set(true);
      writer.join();
    }
    assertEquals(null, writerFailed.get());
  }

  /** A results folder as gradcam leaves it: a table and a grid. */
  private static Path resultsFolder(Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("gradcam.csv"), "image,layer,deletion_auc\ntest-0,layer3,0.21\n");
    png(dir.resolve("grid.png"));
    return dir;
  }

  private static void png(Path file) throws Exception {
    Files.createDirectories(file.getParent());
    BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    img.setRGB(1, 1, 0x00ff00);
    PngFile.write(file, img);
  }
}
