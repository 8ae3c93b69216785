package dev.reslab.analysis.explain;

import dev.reslab.analysis.inputs.ImageBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Occlusion sensitivity (Zeiler &amp; Fergus 2014): a patch of a baseline slid over the image; each
 * occluded copy is evaluated (many per session run) and the drop of the target's probability
 * recorded per position. The drop is spread back over the pixels each patch covered (mean over
 * covering patches) for a heatmap at the input size.
 */
public final class Occlusion {
  private final ExplainableModel model;
  private final OcclusionSettings settings;

  public Occlusion(ExplainableModel model, OcclusionSettings settings) {
    this.model = model;
    this.settings = settings;
  }

  /**
   * The maps of every image of {@code images}.
   *
   * @param targets one per image, or one for all
   * @param progress called with (copies evaluated, copies in all) after each run; may be null
   */
  public List<OcclusionMap> run(
      ImageBatch images, List<Target> targets, BiConsumer<Long, Long> progress) {
    int n = images.batch();
    if (targets.size() != 1 && targets.size() != n) {
      throw new IllegalArgumentException(
          "got "
              + targets.size()
              + " targets for "
              + n
              + " images; give one per "
              + "image or one for all");
    }
    int k = model.outputs();
    targets.forEach(t -> t.check(model.head(), k));
    int h = images.height();
    int w = images.width();
    int c = images.channels();
    int[] ys = settings.positions(h);
    int[] xs = settings.positions(w);
    int perImage = ys.length * xs.length;
    float[] clean = model.probabilities(images);
    int[] predicted = ExplainableModel.argmaxRows(clean, k);
    List<Target.Resolved> resolved = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      resolved.add(targets.get(targets.size() == 1 ? 0 : i).resolve(predicted[i]));
    }
    float[][] drops = new float[n][perImage];
    float[][] baselines = new float[n][];
    for (int i = 0; i < n; i++) {
      baselines[i] = settings.baseline().of(images, i, settings.patch() / 2.0);
    }
    long total = (long) n * perImage;
    int size = h * w * c;
    int batch = settings.batchSize();
    for (long start = 0; start < total; start += batch) {
      int m = (int) Math.min(batch, total - start);
      float[] copies = new float[m * size];
      for (int j = 0; j < m; j++) {
        long index = start + j;
        int image = (int) (index / perImage);
        int position = (int) (index % perImage);
        System.arraycopy(images.pixels(), image * size, copies, j * size, size);
        int y0 = ys[position / xs.length];
        int x0 = xs[position % xs.length];
        for (int y = y0; y < y0 + settings.patch(); y++) {
          int from = (y * w + x0) * c;
          System.arraycopy(baselines[image], from, copies, j * size + from, settings.patch() * c);
        }
      }
      float[] p = model.probabilities(new ImageBatch(copies, m, h, w, c));
      for (int j = 0; j < m; j++) {
        long index = start + j;
        int image = (int) (index / perImage);
        Target.Resolved t = resolved.get(image);
        drops[image][(int) (index % perImage)] =
            t.probability(clean, image, k) - t.probability(p, j, k);
      }
      if (progress != null) {
        progress.accept(start + m, total);
      }
    }
    List<OcclusionMap> maps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      maps.add(
          new OcclusionMap(
              resolved.get(i),
              resolved.get(i).probability(clean, i, k),
              ys.length,
              xs.length,
              drops[i],
              h,
              w,
              heatmap(drops[i], ys, xs, h, w)));
    }
    return maps;
  }

  private float[] heatmap(float[] drops, int[] ys, int[] xs, int h, int w) {
    double[] sum = new double[h * w];
    int[] count = new int[h * w];
    int p = settings.patch();
    for (int a = 0; a < ys.length; a++) {
      for (int b = 0; b < xs.length; b++) {
        float d = drops[a * xs.length + b];
        for (int y = ys[a]; y < ys[a] + p; y++) {
          for (int x = xs[b]; x < xs[b] + p; x++) {
            sum[y * w + x] += d;
            count[y * w + x]++;
          }
        }
      }
    }
    float[] out = new float[h * w];
    for (int i = 0; i < out.length; i++) {
      out[i] = count[i] == 0 ? 0f : (float) (sum[i] / count[i]);
    }
    return out;
  }
}
