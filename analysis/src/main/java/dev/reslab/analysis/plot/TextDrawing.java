package dev.reslab.analysis.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * Text placement for the Java2D charts: centred, right-aligned and rotated strings, and a ready
 * canvas.
 */
final class TextDrawing {

  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
  static final Font AXIS_TITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
  static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

  private TextDrawing() {}

  /** A white canvas with antialiased shapes and text. */
  static Graphics2D canvas(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    prepare(g, image.getWidth(), image.getHeight());
    return g;
  }

  /** Antialiasing on, and the area painted white. */
  static void prepare(Graphics2D g, int width, int height) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
  }

  /** Draws {@code s} centred horizontally on x with its vertical middle at y. */
  static void centred(Graphics2D g, String s, double x, double y) {
    FontMetrics m = g.getFontMetrics();
    g.drawString(
        s,
        (float) (x - m.stringWidth(s) / 2.0),
        (float) (y + (m.getAscent() - m.getDescent()) / 2.0));
  }

  /** Draws {@code s} ending at x with its vertical middle at y. */
  static void rightAligned(Graphics2D g, String s, double x, double y) {
    FontMetrics m = g.getFontMetrics();
    g.drawString(
        s, (float) (x - m.stringWidth(s)), (float) (y + (m.getAscent() - m.getDescent()) / 2.0));
  }

  /**
   * Draws {@code s} rotated by {@code degrees} (negative: counter-clockwise) around (x, y); with
   * {@code endAtPoint} the text ends at the point (labels under an axis), otherwise it is centred
   * on it.
   */
  static void rotated(
      Graphics2D g, String s, double x, double y, double degrees, boolean endAtPoint) {
    AffineTransform saved = g.getTransform();
    g.translate(x, y);
    g.rotate(Math.toRadians(degrees));
    if (endAtPoint) {
      rightAligned(g, s, 0, 0);
    } else {
      centred(g, s, 0, 0);
    }
    g.setTransform(saved);
  }

  /** Shortens {@code s} with an ellipsis to fit {@code maxWidth} pixels. */
  static String fit(Graphics2D g, String s, int maxWidth) {
    FontMetrics m = g.getFontMetrics();
    if (m.stringWidth(s) <= maxWidth) {
      return s;
    }
    String t = s;
    while (t.length() > 1 && m.stringWidth(t + "…") > maxWidth) {
      t = t.substring(0, t.length() - 1);
    }
    return t + "…";
  }
}
