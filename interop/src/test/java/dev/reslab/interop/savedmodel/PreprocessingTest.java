package dev.reslab.interop.savedmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reslab.ReslabException;
import dev.reslab.interop.array.FloatArray;
import org.junit.jupiter.api.Test;

class PreprocessingTest {

  @Test
  void scalesThenNormalisesPerChannel() {
    FloatArray pixel = new FloatArray(new long[] {1, 1, 1, 3}, new float[] {255, 0, 127.5f});
    FloatArray out = Preprocessing.IMAGENET.apply(pixel);
    assertArrayEquals(
        new float[] {(1 - 0.485f) / 0.229f, (0 - 0.456f) / 0.224f, (0.5f - 0.406f) / 0.225f},
        out.values(),
        1e-6f);
  }

  @Test
  void parsesFractionsAndRejectsWords() {
    assertEquals(1 / 255f, Preprocessing.parseScale("1/255"));
    assertEquals(0.5f, Preprocessing.parseScale(" 0.5 "));
    ReslabException e = assertThrows(ReslabException.class, () -> Preprocessing.parseScale("half"));
    assertEquals("pixel scale 'half' is not a number or a fraction like 1/255", e.getMessage());
  }

  @Test
  void channelCountMustMatchMeanAndStd() {
    Preprocessing p = new Preprocessing(1, new float[] {0.5f, 0.5f, 0.5f}, new float[0]);
    ReslabException e =
        assertThrows(
            ReslabException.class, () -> p.apply(new FloatArray(new long[] {1, 2}, new float[2])));
    assertEquals("mean has 3 values but the input has 2 channels", e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new Preprocessing(1, new float[0], new float[] {0}));
  }
}
