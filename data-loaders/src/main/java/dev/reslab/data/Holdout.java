package dev.reslab.data;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A seeded, stratified part of a split set aside for validation (Keras' {@code validation_split},
 * but drawn per class so every class keeps its share; examples with several labels, as in CelebA,
 * are drawn from all alike): the same examples for every run with the same seed. Training reads the
 * {@link Part#REST}, validation the {@link Part#HELD_OUT} part, so the two never share an example.
 *
 * @param fraction share of each class held out, in (0, 1)
 * @param seed which examples: the same seed draws the same ones
 */
public record Holdout(double fraction, long seed) {

  /** The usual 10 % with seed 0. */
  public static final Holdout TEN_PERCENT = new Holdout(0.1, 0);

  /** Which side of the holdout a pipeline reads. */
  public enum Part {
    HELD_OUT,
    REST
  }

  public Holdout {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException(
          "the validation share must be between 0 and 1, got " + fraction);
    }
  }

  /**
   * The indices (ascending) of {@code part} among examples with these class ids: per class, a
   * seeded shuffle's first {@code round(fraction × count)} are held out.
   */
  public int[] select(long[] classIds, Part part) {
    int classes = (int) Arrays.stream(classIds).max().orElse(-1) + 1;
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < classIds.length; i++) {
      byClass.get((int) classIds[i]).add(i);
    }
    boolean[] held = new boolean[classIds.length];
    SplittableRandom rnd = new SplittableRandom(seed);
    for (List<Integer> members : byClass) {
      int n = (int) Math.round(fraction * members.size());
      for (int i = 0; i < n; i++) { // partial Fisher-Yates: the first n of a seeded shuffle
        int j = i + rnd.nextInt(members.size() - i);
        Integer t = members.get(i);
        members.set(i, members.get(j));
        members.set(j, t);
        held[members.get(i)] = true;
      }
    }
    int[] chosen =
        IntStream.range(0, held.length).filter(i -> held[i] == (part == Part.HELD_OUT)).toArray();
    if (part == Part.HELD_OUT && chosen.length == 0) {
      long present = byClass.stream().filter(m -> !m.isEmpty()).count();
      // ImageNet-V2's sample has one image per class: 10 % of one rounds to none.
      throw new DataException(
          String.format(
              Locale.ROOT,
              "a %s %% holdout of %d examples in %d class%s holds out none (a class needs at least"
                  + " %d examples to give one); validate on another split, or on none",
              BigDecimal.valueOf(fraction * 100).stripTrailingZeros().toPlainString(),
              classIds.length,
              present,
              present == 1 ? "" : "es",
              (int) Math.ceil(0.5 / fraction)));
    }
    return chosen;
  }
}
