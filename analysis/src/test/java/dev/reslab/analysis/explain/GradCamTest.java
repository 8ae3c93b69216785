package dev.reslab.analysis.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.data.Normalization;
import dev.reslab.model.inference.InferenceModel;
import dev.reslab.model.resnet.Head;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.tensor.FloatTensors;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

class GradCamTest {

  private static InferenceModel resnet;
  private static ExplainableModel model;
  private static ImageBatch images;

  @BeforeAll
  static void buildModel() {
    // a ResNet-20 with a few blocks, random weights and non-trivial BatchNorm: every stage has its
    // own resolution
    ResNetConfig config =
        ResNetPreset.RESNET20.config().toBuilder().depths(1, 1, 1).seed(3).build();
    resnet = InferenceModel.create(config);
    model = ExplainableModel.of(resnet, Normalization.IMAGENET);
    images = randomImages(3, 32, 32, 11);
  }

  @AfterAll
  static void close() {
    resnet.close();
  }

  static ImageBatch randomImages(int n, int h, int w, long seed) {
    Random r = new Random(seed);
    float[] px = new float[n * h * w * 3];
    for (int i = 0; i < px.length; i++) {
      px[i] = r.nextFloat();
    }
    return new ImageBatch(px, n, h, w, 3);
  }

  @Test
  void everyStageMatchesExplicitGradientsPooledInJava() {
    GradCam cam = GradCam.forStages(model);
    assertEquals(List.of("layer1", "layer2", "layer3"), cam.layers());
    List<Target> targets = List.of(Target.ofClass(2), Target.predicted(), Target.ofClass(9));
    GradCamResult result = cam.explain(images, targets, CamMethod.GRAD_CAM);
    int[] predicted = model.predict(images);
    int[] classes = {2, predicted[1], 9};
    assertEquals(predicted[1], result.targets().get(1).index());
    for (int l = 0; l < cam.layers().size(); l++) {
      Reference ref = reference(cam.layers().get(l), classes);
      for (int i = 0; i < images.batch(); i++) {
        float[] expected = ref.gradCam(i);
        float[] actual = result.rawMap(l, i);
        assertClose(expected, actual, 1e-4, "layer " + cam.layers().get(l) + " image " + i);
        assertClose(
            bilinearHalfPixel(expected, ref.h, ref.w, 32, 32),
            result.map(l, i),
            1e-4,
            "upsampled layer " + cam.layers().get(l) + " image " + i);
      }
    }
  }

  @Test
  void gradCamPlusPlusMatchesItsFormulaOnExplicitGradients() {
    GradCam cam = GradCam.create(model, List.of("layer2", "layer1.0"));
    GradCamResult result =
        cam.explain(images, List.of(Target.ofClass(4)), CamMethod.GRAD_CAM_PLUS_PLUS);
    for (int l = 0; l < 2; l++) {
      Reference ref = reference(cam.layers().get(l), new int[] {4, 4, 4});
      for (int i = 0; i < images.batch(); i++) {
        assertClose(
            ref.gradCamPlusPlus(i), result.rawMap(l, i), 1e-4, "layer " + cam.layers().get(l));
      }
    }
  }

  /**
   * A third weighting is a class: every channel weighted 1 gives ReLU(Σ_c A_c), here R + G of the
   * hand-built net.
   */
  @Test
  void aNewWeightingIsAClassGivenToCreate() {
    CamWeighting ones =
        new CamWeighting() {
          @Override
          public String label() {
            return "sum";
          }

          @Override
          public Operand<TFloat32> channelWeights(
              Ops tf, Operand<TFloat32> a, Operand<TFloat32> g) {
            return tf.onesLike(tf.math.mean(g, tf.constant(new int[] {1, 2}), Mean.keepDims(true)));
          }
        };
    try (HandBuiltNetwork net = new HandBuiltNetwork(Head.SOFTMAX)) {
      float[] px = HandBuiltNetwork.twoSquares();
      ImageBatch squares = new ImageBatch(px, 2, 8, 8, 3);
      GradCam cam =
          GradCam.create(net.model, List.of("features"), List.of(ones, CamMethod.GRAD_CAM));
      GradCamResult r = cam.explain(squares, List.of(Target.ofClass(1)), ones);
      assertEquals("sum", r.method().label());
      for (int n = 0; n < 2; n++) {
        float[] expected = new float[64];
        for (int i = 0; i < 64; i++) {
          expected[i] = px[(n * 64 + i) * 3] + px[(n * 64 + i) * 3 + 1];
        }
        assertClose(expected, r.rawMap("features", n), 1e-6, "image " + n);
      }
      String msg =
          assertThrows(
                  IllegalArgumentException.class,
                  () ->
                      cam.explain(
                          squares, List.of(Target.ofClass(1)), CamMethod.GRAD_CAM_PLUS_PLUS))
              .getMessage();
      assertEquals("this Grad-CAM was built for sum, gradcam, not for gradcam++", msg);
      assertEquals(
          "no map of layer 'pooled'; maps were made for features",
          assertThrows(IllegalArgumentException.class, () -> r.map("pooled", 0)).getMessage());
    }
  }

  @Test
  void theStagesComeFromTheModelsFeatureInfo() {
    assertEquals(
        List.of("relu", "layer1", "layer2", "layer3"),
        model.featureInfo().stream().map(f -> f.name()).toList());
    assertEquals(
        List.of(16, 16, 32, 64), model.featureInfo().stream().map(f -> f.channels()).toList());
    assertEquals(List.of("layer1", "layer2", "layer3"), model.stages());
  }

  @Test
  void handBuiltNetworkGivesTheAnalyticMaps() {
    try (HandBuiltNetwork net = new HandBuiltNetwork(Head.SOFTMAX)) {
      ImageBatch squares = new ImageBatch(HandBuiltNetwork.twoSquares(), 2, 8, 8, 3);
      GradCam cam = GradCam.create(net.model, List.of("features", "pooled"));
      GradCamResult r = cam.explain(squares, List.of(Target.predicted()), CamMethod.GRAD_CAM);
      assertEquals(0, r.targets().get(0).index());
      assertEquals(1, r.targets().get(1).index());
      for (int n = 0; n < 2; n++) {
        int big = n == 0 ? 0 : 1;
        float[] features = r.rawMap(0, n);
        float[] expected = new float[64];
        float[] channel = channel(squares, n, big);
        float[] other = channel(squares, n, 1 - big);
        for (int i = 0; i < 64; i++) {
          // ReLU(R − G) / 64 for class 0, ReLU(G − R) / 64 for class 1: only the predicted colour's
          // square
          expected[i] = Math.max(0, channel[i] - other[i]) / 64f;
        }
        assertClose(expected, features, 1e-7, "features, image " + n);
        // at full resolution the upsampled map is the map itself
        assertClose(expected, r.map(0, n), 1e-7, "features upsampled, image " + n);
        // pooled: ReLU of the 2×2 means of (R − G), times W / 16
        float[] pooled = r.rawMap(1, n);
        assertArrayEquals(new long[] {2, 4, 4}, r.rawShapes().get(1));
        for (int y = 0; y < 4; y++) {
          for (int x = 0; x < 4; x++) {
            float sum = 0;
            for (int dy = 0; dy < 2; dy++) {
              for (int dx = 0; dx < 2; dx++) {
                int p = (2 * y + dy) * 8 + 2 * x + dx;
                sum += channel[p] - other[p];
              }
            }
            assertEquals(Math.max(0, sum / 4) / 16f, pooled[y * 4 + x], 1e-7);
          }
        }
      }
      // a given class shows that class's square, even where it is not predicted
      GradCamResult green = cam.explain(squares, List.of(Target.ofClass(1)), CamMethod.GRAD_CAM);
      assertEquals(1 / 64f, green.rawMap(0, 0)[7 * 8 + 7], 1e-7);
      assertEquals(0f, green.rawMap(0, 0)[0], 0f);
    }
  }

  @Test
  void handBuiltGradCamPlusPlusIsTheClosedForm() {
    try (HandBuiltNetwork net = new HandBuiltNetwork(Head.SOFTMAX)) {
      ImageBatch squares = new ImageBatch(HandBuiltNetwork.twoSquares(), 2, 8, 8, 3);
      GradCamResult r =
          GradCam.create(net.model, List.of("features"))
              .explain(squares, List.of(Target.ofClass(0)), CamMethod.GRAD_CAM_PLUS_PLUS);
      // image 0: channel 0 (red) has gradient g = 1/64 everywhere and sums to 9; channel 1 has g =
      // −1/64 (weight 0).
      // weight = 64 · g · g² / (2g² + 9g³) = 64g / (2 + 9g)
      double g = 1 / 64.0;
      double weight = 64 * g / (2 + 9 * g);
      assertEquals(weight, r.rawMap(0, 0)[0], 1e-6);
      assertEquals(0, r.rawMap(0, 0)[7 * 8 + 7], 0);
    }
  }

  @Test
  void sigmoidAttributesShowPositiveAndNegativeEvidence() {
    try (HandBuiltNetwork net = new HandBuiltNetwork(Head.SIGMOID)) {
      ImageBatch squares = new ImageBatch(HandBuiltNetwork.twoSquares(), 2, 8, 8, 3);
      GradCam cam = GradCam.create(net.model, List.of("features"));
      GradCamResult pos =
          cam.explain(squares, List.of(Target.attribute(0, true)), CamMethod.GRAD_CAM);
      GradCamResult neg =
          cam.explain(squares, List.of(Target.attribute(0, false)), CamMethod.GRAD_CAM);
      // attribute 0's logit is mean(R − G): red is its positive evidence, green its negative
      assertEquals(1 / 64f, pos.rawMap(0, 0)[0], 1e-7);
      assertEquals(0f, pos.rawMap(0, 0)[63], 0f);
      assertEquals(0f, neg.rawMap(0, 0)[0], 0f);
      assertEquals(1 / 64f, neg.rawMap(0, 0)[63], 1e-7);
      float p0 = pos.probabilities()[0];
      assertEquals(p0, pos.targetProbabilities()[0], 1e-7);
      assertEquals(1 - p0, neg.targetProbabilities()[0], 1e-7);
    }
  }

  @Test
  void badTargetsAndLayersAreOneLineErrors() {
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> GradCam.create(model, List.of("layer1", "layer9")));
    assertTrue(
        unknown
            .getMessage()
            .startsWith("unknown layer 'layer9'; valid layers are conv1, bn1, relu, "),
        unknown.getMessage());
    assertTrue(unknown.getMessage().contains("layer3, avgpool, fc"), unknown.getMessage());
    GradCam cam = GradCam.create(model, List.of("layer3"));
    IllegalArgumentException range =
        assertThrows(
            IllegalArgumentException.class,
            () -> cam.explain(images, List.of(Target.ofClass(10)), CamMethod.GRAD_CAM));
    assertEquals(
        "class index 10 is out of range: the model has 10 outputs (0..9)", range.getMessage());
    IllegalArgumentException attribute =
        assertThrows(
            IllegalArgumentException.class,
            () -> cam.explain(images, List.of(Target.attribute(3, true)), CamMethod.GRAD_CAM));
    assertEquals(
        "attribute target 3+ needs a sigmoid (multi-label) head, but this model has a softmax head over 10 "
            + "classes; give a class index instead",
        attribute.getMessage());
    IllegalArgumentException parse =
        assertThrows(IllegalArgumentException.class, () -> Target.parse("cat"));
    assertEquals(
        "target 'cat' is not 'predicted', a class index (3) or an attribute with its evidence (31+ or 31-)",
        parse.getMessage());
  }

  // ---- the independent reference: one gradient call per layer, pooling and weighting in plain
  // Java ----

  private record Reference(int n, int h, int w, int c, float[] a, float[] g) {
    float[] gradCam(int image) {
      double[] alpha = new double[c];
      for (int p = 0; p < h * w; p++) {
        for (int k = 0; k < c; k++) {
          alpha[k] += g[(image * h * w + p) * c + k] / (double) (h * w);
        }
      }
      return weighted(image, alpha);
    }

    float[] gradCamPlusPlus(int image) {
      double[] sumA = new double[c];
      for (int p = 0; p < h * w; p++) {
        for (int k = 0; k < c; k++) {
          sumA[k] += a[(image * h * w + p) * c + k];
        }
      }
      double[] weight = new double[c];
      for (int p = 0; p < h * w; p++) {
        for (int k = 0; k < c; k++) {
          double gv = g[(image * h * w + p) * c + k];
          double denominator = 2 * gv * gv + sumA[k] * gv * gv * gv;
          double coefficient = gv == 0 || denominator == 0 ? 0 : gv * gv / denominator;
          weight[k] += coefficient * Math.max(0, gv);
        }
      }
      return weighted(image, weight);
    }

    private float[] weighted(int image, double[] weight) {
      float[] map = new float[h * w];
      for (int p = 0; p < h * w; p++) {
        double s = 0;
        for (int k = 0; k < c; k++) {
          s += weight[k] * a[(image * h * w + p) * c + k];
        }
        map[p] = (float) Math.max(0, s);
      }
      return map;
    }
  }

  /**
   * Activations and d(logit of each image's class)/d(activations) of one layer, by its own gradient
   * call.
   */
  private Reference reference(String layer, int[] classes) {
    Ops tf = model.ops().withSubScope("reference");
    Placeholder<TFloat32> oneHot =
        tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 10)));
    Operand<TFloat32> score =
        tf.sum(tf.math.mul(model.logits(), oneHot), tf.constant(new int[] {0, 1}));
    Operand<TFloat32> a = model.layer(layer);
    Output<?>[] grad = model.graph().addGradients(score.asOutput(), new Output<?>[] {a.asOutput()});
    float[] hot = new float[classes.length * 10];
    for (int i = 0; i < classes.length; i++) {
      hot[i * 10 + classes[i]] = 1;
    }
    try (TFloat32 x = FloatTensors.of(images.pixels(), images.batch(), 32, 32, 3);
        TFloat32 y = FloatTensors.of(hot, classes.length, 10);
        Result r =
            model
                .session()
                .runner()
                .feed(model.pixels(), x)
                .feed(oneHot, y)
                .fetch(a)
                .fetch(grad[0])
                .run()) {
      long[] s = FloatTensors.shape(r.get(0));
      return new Reference(
          (int) s[0],
          (int) s[1],
          (int) s[2],
          (int) s[3],
          FloatTensors.toArray(r.get(0)),
          FloatTensors.toArray(r.get(1)));
    }
  }

  /** TensorFlow's bilinear resize with half-pixel centres, written out. */
  static float[] bilinearHalfPixel(float[] in, int h, int w, int outH, int outW) {
    float[] out = new float[outH * outW];
    for (int y = 0; y < outH; y++) {
      double sy = Math.max(0, (y + 0.5) * h / outH - 0.5);
      int y0 = (int) Math.floor(sy);
      int y1 = Math.min(h - 1, y0 + 1);
      double fy = sy - y0;
      for (int x = 0; x < outW; x++) {
        double sx = Math.max(0, (x + 0.5) * w / outW - 0.5);
        int x0 = (int) Math.floor(sx);
        int x1 = Math.min(w - 1, x0 + 1);
        double fx = sx - x0;
        double top = in[y0 * w + x0] * (1 - fx) + in[y0 * w + x1] * fx;
        double bottom = in[y1 * w + x0] * (1 - fx) + in[y1 * w + x1] * fx;
        out[y * outW + x] = (float) (top * (1 - fy) + bottom * fy);
      }
    }
    return out;
  }

  static float[] channel(ImageBatch b, int n, int c) {
    float[] out = new float[b.height() * b.width()];
    for (int y = 0; y < b.height(); y++) {
      for (int x = 0; x < b.width(); x++) {
        out[y * b.width() + x] = b.get(n, y, x, c);
      }
    }
    return out;
  }

  static void assertClose(float[] expected, float[] actual, double relative, String what) {
    assertEquals(expected.length, actual.length, what);
    double scale = 0;
    for (float v : expected) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < expected.length; i++) {
      assertEquals(
          expected[i], actual[i], relative * Math.max(scale, 1e-12) + 1e-12, what + " at " + i);
    }
  }
}
