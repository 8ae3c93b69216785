package dev.reslab.interop.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reslab.interop.array.FloatArray;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankedClassTest {

  @Test
  void bestFirstTiesByIndex() {
    FloatArray scores =
        new FloatArray(new long[] {2, 3}, new float[] {0.2f, 0.5f, 0.3f, 0.4f, 0.4f, 0.2f});
    List<List<RankedClass>> top = RankedClass.topK(scores, 2);
    assertEquals(List.of(new RankedClass(1, 0.5f), new RankedClass(2, 0.3f)), top.get(0));
    assertEquals(List.of(new RankedClass(0, 0.4f), new RankedClass(1, 0.4f)), top.get(1));
    assertEquals(3, RankedClass.topK(scores, 10).get(0).size());
    assertThrows(IllegalArgumentException.class, () -> RankedClass.topK(scores.reshape(6), 1));
  }
}
