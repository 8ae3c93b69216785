package dev.reslab.data.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reslab.data.DataException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageHeaderTest {
  @TempDir Path tmp;

  static byte[] encode(BufferedImage img, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, format, out);
    return out.toByteArray();
  }

  @Test
  void formatSizeAndChannelsOfEachKind() throws IOException {
    assertEquals(
        new ImageHeader(ImageHeader.Format.JPEG, 20, 10, 3),
        ImageHeader.parse(
            "a.jpg", encode(new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB), "jpg")));
    assertEquals(
        new ImageHeader(ImageHeader.Format.JPEG, 20, 10, 1),
        ImageHeader.parse(
            "g.jpg", encode(new BufferedImage(20, 10, BufferedImage.TYPE_BYTE_GRAY), "jpg")));
    assertEquals(
        new ImageHeader(ImageHeader.Format.PNG, 7, 5, 4),
        ImageHeader.parse(
            "a.png", encode(new BufferedImage(7, 5, BufferedImage.TYPE_INT_ARGB), "png")));
    assertEquals(
        new ImageHeader(ImageHeader.Format.PNG, 7, 5, 1),
        ImageHeader.parse(
            "s.png", encode(new BufferedImage(7, 5, BufferedImage.TYPE_USHORT_GRAY), "png")));
    assertEquals(
        new ImageHeader(ImageHeader.Format.BMP, 6, 4, 3),
        ImageHeader.parse(
            "a.bmp", encode(new BufferedImage(6, 4, BufferedImage.TYPE_INT_RGB), "bmp")));
    assertEquals(
        new ImageHeader(ImageHeader.Format.GIF, 6, 4, 3),
        ImageHeader.parse(
            "a.gif", encode(new BufferedImage(6, 4, BufferedImage.TYPE_BYTE_INDEXED), "gif")));
    Path file = tmp.resolve("p.png");
    Files.write(file, encode(new BufferedImage(9, 3, BufferedImage.TYPE_INT_RGB), "png"));
    assertEquals(new ImageHeader(ImageHeader.Format.PNG, 9, 3, 3), ImageHeader.read(file));
  }

  @Test
  void pngHeaderClaimingHugeSizeIsRefusedNamingTheFile() throws IOException {
    byte[] png = encode(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png");
    ByteBuffer b = ByteBuffer.wrap(png);
    b.putInt(16, 100_000).putInt(20, 100_000);
    CRC32 crc = new CRC32();
    crc.update(png, 12, 17);
    b.putInt(29, (int) crc.getValue()); // a valid chunk, so only the size is wrong
    Path file = tmp.resolve("huge.png");
    Files.write(file, png);
    assertEquals(
        "image "
            + file
            + " has a PNG header claiming 100000x100000 pixels, more than the 268435456 allowed;"
            + " the file is corrupt or not an image for training",
        assertThrows(DataException.class, () -> ImageHeader.read(file)).getMessage());
  }

  @Test
  void emptyForeignAndCutShortFilesAreNamed() throws IOException {
    Path empty = tmp.resolve("e.jpg");
    Files.write(empty, new byte[0]);
    assertEquals(
        "image " + empty + " is not a JPEG, PNG, BMP or GIF file (empty)",
        assertThrows(DataException.class, () -> ImageHeader.read(empty)).getMessage());
    assertEquals(
        "image x.png is not a JPEG, PNG, BMP or GIF file (starts with 3c68746d)",
        assertThrows(DataException.class, () -> ImageHeader.parse("x.png", "<html>".getBytes()))
            .getMessage());
    byte[] jpg = encode(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "jpg");
    assertEquals(
        "image c.jpg is cut short (no JPEG end-of-image marker); replace the file",
        assertThrows(
                DataException.class,
                () -> ImageHeader.parse("c.jpg", Arrays.copyOf(jpg, jpg.length - 2)))
            .getMessage());
    Path missing = tmp.resolve("gone.png");
    assertEquals(
        "cannot read image " + missing + ": no such file or folder",
        assertThrows(DataException.class, () -> ImageHeader.read(missing)).getMessage());
  }

  /** Whatever the bytes, the answer is a header or a DataException (the fuzz target's contract). */
  @Test
  void mutatedFilesGiveAHeaderOrADataException() throws IOException {
    Random r = new Random(12);
    byte[][] seeds = {
      encode(new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB), "jpg"),
      encode(new BufferedImage(7, 5, BufferedImage.TYPE_INT_ARGB), "png"),
      encode(new BufferedImage(6, 4, BufferedImage.TYPE_INT_RGB), "bmp"),
      encode(new BufferedImage(6, 4, BufferedImage.TYPE_BYTE_INDEXED), "gif")
    };
    int refused = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] b = seeds[i % seeds.length];
      b = Arrays.copyOf(b, r.nextInt(b.length + 1));
      for (int k = r.nextInt(4); k > 0 && b.length > 0; k--) {
        b[r.nextInt(Math.min(b.length, 40))] = (byte) r.nextInt(256);
      }
      try {
        ImageHeader h = ImageHeader.parse("m", b);
        assertEquals(h.hasSize(), h.width() > 0);
      } catch (DataException e) {
        refused++;
      }
    }
    assertEquals(true, refused > 1000, refused + " refused");
  }
}
