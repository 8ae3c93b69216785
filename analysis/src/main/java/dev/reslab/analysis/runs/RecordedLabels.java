package dev.reslab.analysis.runs;

import dev.reslab.data.DataException;
import dev.reslab.data.DatasetInfo;
import dev.reslab.data.Task;
import java.util.HashSet;
import java.util.List;

/**
 * A run's outputs are scored by position against the labels of the data it is evaluated on, so
 * those must be the labels it was trained on, in the same order. The head-size check ({@link
 * TrainingJob#checkModelFits}) cannot see two attributes swapped, or other attributes of the same
 * number.
 */
public final class RecordedLabels {
  /** Lists up to this long are printed whole. */
  private static final int SHOWN = 6;

  private RecordedLabels() {}

  /**
   * Stops when {@code data}'s labels cannot be the run's: multi-label data whose attribute names
   * differ from {@code recorded} (the run's config.json {@code data.labels}) in any way, or classes
   * that are the same names in another order. Classes of other names (a folder of the same classes
   * named otherwise) are scored by position, as before. Nothing is checked when the run records no
   * labels (an imported model).
   */
  public static void check(String run, Object recorded, DatasetInfo data) {
    if (!(recorded instanceof List<?> list) || list.isEmpty()) {
      return;
    }
    List<String> trained = list.stream().map(String::valueOf).toList();
    List<String> here = data.labelNames();
    if (trained.equals(here)) {
      return;
    }
    boolean reordered =
        trained.size() == here.size() && new HashSet<>(trained).equals(new HashSet<>(here));
    if (data.task() != Task.MULTI_LABEL && !reordered) {
      return;
    }
    boolean multiLabel = data.task() == Task.MULTI_LABEL;
    String one = multiLabel ? "label" : "class";
    String kind = multiLabel ? "labels" : "classes";
    int i = 0;
    while (i < Math.min(trained.size(), here.size()) && trained.get(i).equals(here.get(i))) {
      i++;
    }
    // Long lists are not printed: the first position that differs says where.
    String where =
        Math.max(trained.size(), here.size()) > SHOWN && i < Math.min(trained.size(), here.size())
            ? " ("
                + one
                + " "
                + (i + 1)
                + " is "
                + here.get(i)
                + ", the run's "
                + trained.get(i)
                + ")"
            : "";
    throw new DataException(
        "run "
            + run
            + " was trained on "
            + describe(trained, kind)
            + " but "
            + data.name()
            + " here has "
            + describe(here, kind)
            + where
            + "; its outputs would be scored against the wrong "
            + kind);
  }

  private static String describe(List<String> names, String kind) {
    return names.size()
        + " "
        + kind
        + (names.size() <= SHOWN ? " (" + String.join(", ", names) + ")" : "");
  }
}
