package dev.reslab.analysis.plot;

import dev.reslab.model.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** PNG output, always through {@link AtomicFiles} so a reader never sees half an image. */
public final class PngFile {

  private PngFile() {}

  /** Writes an image as PNG. */
  public static void write(Path png, BufferedImage image) {
    AtomicFiles.write(
        png,
        out -> {
          if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer available");
          }
        });
  }

  /** Renders an XChart chart at its own size and writes it as PNG. */
  public static void write(Path png, Chart<?, ?> chart) {
    AtomicFiles.write(
        png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
  }
}
