package dev.reslab.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a report in headless Chromium (Debian package {@code chromium}): every image must have
 * loaded with a size, and the browser must log no console message or error. The report covers a
 * run, a study, a robustness analysis and Grad-CAM and occlusion figures. A copy of the page gets a
 * small script that writes the image counts into the DOM, which {@code --dump-dom} prints; a
 * screenshot is kept in {@code target/} to look at. Takes ~20 s, so it is in the default run;
 * without Chromium it is skipped with the message {@value #NO_CHROMIUM}, which {@code .ci/run}
 * refuses on CI. {@code -Dreslab.report.html=FILE} checks another report.
 */
class ReportInBrowserTest {
  static final String NO_CHROMIUM =
      "Chromium report check skipped: chromium is not installed (apt-get install -y chromium)";

  @TempDir Path tmp;

  private static final String CHECK =
      """
      <script>
      window.addEventListener('load', function () {
        var imgs = Array.prototype.slice.call(document.images);
        var loaded = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
        document.body.setAttribute('data-images-total', String(imgs.length));
        document.body.setAttribute('data-images-loaded', String(loaded));
      });
      </script>
      """;

  @Test
  void everyImageLoadsAndNothingIsLogged() throws Exception {
    Path chromium = Path.of("/usr/bin/chromium");
    Assumptions.assumeTrue(Files.isExecutable(chromium), NO_CHROMIUM);
    Path page =
        System.getProperty("reslab.report.html") != null
            ? Path.of(System.getProperty("reslab.report.html"))
            : Report.write(
                    List.of(
                        ReportFixtures.handWrittenRun(tmp.resolve("run")),
                        ReportFixtures.tinyStudy(tmp.resolve("study")),
                        ReportFixtures.robustnessFolder(tmp.resolve("robustness")),
                        ReportFixtures.explanationFolder(tmp.resolve("explanations"))),
                    tmp.resolve("out"))
                .html();
    String html = Files.readString(page);
    Path checked = tmp.resolve("checked.html");
    Files.writeString(checked, html.replace("</body>", CHECK + "</body>"));
    int expected = count(html, "<img ");

    Result dom =
        chromium(
            chromium,
            List.of("--dump-dom", "--virtual-time-budget=10000", checked.toUri().toString()));
    Matcher total = Pattern.compile("data-images-total=\"(\\d+)\"").matcher(dom.stdout);
    Matcher loaded = Pattern.compile("data-images-loaded=\"(\\d+)\"").matcher(dom.stdout);
    assertTrue(total.find() && loaded.find(), "the check script did not run: " + dom.stderr);
    assertEquals(expected, Integer.parseInt(total.group(1)));
    assertEquals(expected, Integer.parseInt(loaded.group(1)), "images that did not load");
    if (System.getProperty("reslab.report.html") == null) {
      // the run's, the study's, the robustness and the explanation figures all reached the page
      for (String figure :
          List.of(
              "robustness-bars.png",
              "robustness-curves.png",
              "test-0-gradcam.png",
              "test-0-occlusion.png",
              "by variant")) {
        assertTrue(html.contains(figure), figure + " in the report");
      }
      assertTrue(expected >= 8, expected + " images");
    }
    List<String> console =
        dom.stderr.lines().filter(l -> l.contains("CONSOLE") || l.contains("Uncaught")).toList();
    assertEquals(List.of(), console, "console messages");

    Path shot = Path.of("target", "report-screenshot.png").toAbsolutePath();
    chromium(
        chromium,
        List.of(
            "--screenshot=" + shot,
            "--window-size=1200,2400",
            "--hide-scrollbars",
            page.toUri().toString()));
    assertTrue(Files.size(shot) > 10_000, "screenshot " + shot);
  }

  private record Result(String stdout, String stderr) {}

  private Result chromium(Path chromium, List<String> args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--user-data-dir=" + tmp.resolve("profile"),
                "--enable-logging=stderr",
                "--v=0"));
    cmd.addAll(args);
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(tmp.resolve("out.txt").toFile())
            .redirectError(tmp.resolve("err.txt").toFile())
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish in 2 minutes");
    return new Result(
        Files.readString(tmp.resolve("out.txt")), Files.readString(tmp.resolve("err.txt")));
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
