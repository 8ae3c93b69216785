package dev.reslab.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reslab.model.tensor.FloatTensors;
import java.util.Spliterators;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A convolution's symmetric padding runs as TensorFlow's SAME (no Pad op) exactly where SAME pads
 * the same pixels, and gives the plain-Java loop's result either way.
 */
class PaddingFoldTest {

  /**
   * TensorFlow's SAME total padding is max((ceil(n/s) - 1)·s + k - n, 0), split floor/ceil
   * top/bottom.
   */
  @ParameterizedTest(name = "k={0} s={1} p={2} on {3}x{4}: {5}")
  @CsvSource({
    "3,1,1,32,32,true",
    "3,1,1,7,6,true",
    "5,1,2,9,9,true",
    "3,1,2,8,8,false",
    "1,1,0,8,8,false",
    "3,2,1,7,7,true", // total 2: 1 + 1
    "3,2,1,8,8,false", // total 1: 0 + 1
    "3,2,1,7,8,false",
    "7,2,3,224,224,false",
    "7,2,3,9,9,true", // 9: total (5-1)*2+7-9 = 6
    "3,1,1,-1,-1,true",
    "3,2,1,-1,-1,false",
    "5,1,1,-1,-1,false"
  })
  void foldsWhereSameEqualsSymmetric(int k, int s, int p, long h, long w, boolean folds) {
    assertEquals(folds, Padding.symmetric(p).sameAsSymmetric(k, s, Shape.of(-1, h, w, 3)));
  }

  @Test
  void sameAndValidAreNeverFolded() {
    assertEquals(false, Padding.SAME.sameAsSymmetric(3, 1, Shape.of(1, 8, 8, 3)));
    assertEquals(false, Padding.VALID.sameAsSymmetric(1, 1, Shape.of(1, 8, 8, 3)));
  }

  @ParameterizedTest(name = "k={0} stride={1} padding={2} on {3}x{4}, pad op {5}")
  @CsvSource({
    "3,1,1,7,6,false",
    "3,2,1,7,7,false",
    "3,2,1,8,8,true",
    "5,1,2,5,8,false",
    "7,2,3,9,9,false"
  })
  void foldedOrNotMatchesReferenceLoop(int k, int stride, int pad, int h, int w, boolean padOp) {
    Padding padding = Padding.symmetric(pad);
    Conv2D conv =
        Conv2D.builder("conv", 4).kernel(k).stride(stride).padding(padding).seed(3).build();
    float[] x = LayerHarness.random(2, 2 * h * w * 3);
    try (LayerHarness harness = new LayerHarness(conv, false, 2, h, w, 3)) {
      assertEquals(padOp, hasPad(harness.graph), "a Pad op in the graph");
      float[] kernel = harness.value(conv.ownVariables().get(0).value());
      float[] want =
          ReferenceOps.conv2d(x, 2, h, w, 3, kernel, k, 4, stride, padding, new float[4]);
      assertArrayEquals(want, harness.run(x), 1e-4f);
    }
  }

  /**
   * Inference models take any image size: stride-1 convolutions fold, stride-2 ones keep their Pad.
   */
  @Test
  void unknownSizeFoldsOnlyStrideOne() {
    for (int stride : new int[] {1, 2}) {
      Conv2D conv =
          Conv2D.builder("conv", 2)
              .kernel(3)
              .stride(stride)
              .padding(Padding.symmetric(1))
              .seed(5)
              .build();
      int h = 6;
      float[] x = LayerHarness.random(4, h * h * 3);
      try (Graph g = new Graph()) {
        Ops tf = Ops.create(g);
        Placeholder<TFloat32> in =
            tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
        Operand<TFloat32> out = conv.call(tf, in, CallContext.inference(tf));
        assertEquals(stride == 2, hasPad(g), "stride " + stride + ": a Pad op in the graph");
        try (Session s = new Session(g)) {
          s.initialize();
          float[] kernel;
          try (Result r = s.runner().fetch(conv.ownVariables().get(0).value()).run()) {
            kernel = FloatTensors.toArray(r.get(0));
          }
          try (TFloat32 t = FloatTensors.of(x, 1, h, h, 3);
              Result r = s.runner().feed(in, t).fetch(out).run()) {
            float[] want =
                ReferenceOps.conv2d(
                    x, 1, h, h, 3, kernel, 3, 2, stride, Padding.symmetric(1), new float[2]);
            assertArrayEquals(want, FloatTensors.toArray(r.get(0)), 1e-4f);
          }
        }
      }
    }
  }

  private static boolean hasPad(Graph g) {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(g.operations(), 0), false)
        .map(op -> ((GraphOperation) op).type())
        .anyMatch(t -> t.equals("Pad") || t.equals("PadV2"));
  }
}
