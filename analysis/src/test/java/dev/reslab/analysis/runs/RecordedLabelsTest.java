package dev.reslab.analysis.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reslab.data.DataException;
import dev.reslab.data.DatasetInfo;
import dev.reslab.data.Normalization;
import dev.reslab.data.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RecordedLabelsTest {

  private static DatasetInfo data(String name, Task task, List<String> labels) {
    return new DatasetInfo(name, task, labels, 32, 32, 10, Normalization.NONE);
  }

  private static String error(Object recorded, DatasetInfo data) {
    return assertThrows(DataException.class, () -> RecordedLabels.check("runs/a", recorded, data))
        .getMessage();
  }

  @Test
  void swappedAttributesAreRefused() {
    assertEquals(
        "run runs/a was trained on 2 labels (Smiling, Male) but celeba here has 2 labels (Male,"
            + " Smiling); its outputs would be scored against the wrong labels",
        error(
            List.of("Smiling", "Male"),
            data("celeba", Task.MULTI_LABEL, List.of("Male", "Smiling"))));
    assertEquals(
        "run runs/a was trained on 2 labels (Smiling, Male) but celeba here has 2 labels (Young,"
            + " Bald); its outputs would be scored against the wrong labels",
        error(
            List.of("Smiling", "Male"),
            data("celeba", Task.MULTI_LABEL, List.of("Young", "Bald"))));
  }

  @Test
  void aLongListSaysWhereItFirstDiffers() {
    List<String> trained = IntStream.range(0, 40).mapToObj(i -> "a" + i).toList();
    List<String> here = new ArrayList<>(trained);
    here.set(39, "Old");
    assertEquals(
        "run runs/a was trained on 40 labels but celeba here has 40 labels (label 40 is Old, the"
            + " run's a39); its outputs would be scored against the wrong labels",
        error(trained, data("celeba", Task.MULTI_LABEL, here)));
  }

  @Test
  void classesInAnotherOrderAreRefusedAndOtherNamesScoredByPosition() {
    assertEquals(
        "run runs/a was trained on 3 classes (cat, dog, fox) but folder here has 3 classes (dog,"
            + " cat, fox); its outputs would be scored against the wrong classes",
        error(
            List.of("cat", "dog", "fox"),
            data("folder", Task.MULTI_CLASS, List.of("dog", "cat", "fox"))));
    // the same classes named otherwise, an imported run (no labels), the same labels: no error
    RecordedLabels.check(
        "runs/a", List.of("cat", "dog"), data("folder", Task.MULTI_CLASS, List.of("0", "1")));
    RecordedLabels.check("runs/a", null, data("celeba", Task.MULTI_LABEL, List.of("Male")));
    RecordedLabels.check(
        "runs/a", List.of("Male"), data("celeba", Task.MULTI_LABEL, List.of("Male")));
  }
}
