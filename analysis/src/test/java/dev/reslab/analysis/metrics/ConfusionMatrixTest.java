package dev.reslab.analysis.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfusionMatrixTest {

  // rows true, columns predicted; class 3 never occurs nor is predicted
  //          0  1  2  3     support  accuracy
  // true 0 [ 8, 2, 0, 0 ]   10       0.8
  // true 1 [ 1, 2, 1, 0 ]    4       0.5
  // true 2 [ 0, 0, 5, 0 ]    5       1.0
  // true 3 [ 0, 0, 0, 0 ]    0       undefined
  // predicted: 9, 4, 6, 0 -> precision 8/9, 2/4, 5/6; macro over classes 0..2 = 0.740741
  // recall 0.8, 0.5, 1.0 -> macro 0.766667
  // F1 = 2TP/(support+predicted): 16/19, 4/8, 10/11 -> macro (0.842105 + 0.5 + 0.909091)/3 =
  // 0.750399
  private static final ConfusionMatrix M =
      ConfusionMatrix.of(new long[][] {{8, 2, 0, 0}, {1, 2, 1, 0}, {0, 0, 5, 0}, {0, 0, 0, 0}});

  @Test
  void totalsAndMacroAverages() {
    assertEquals(19, M.total());
    assertEquals(15.0 / 19, M.accuracy(), 1e-12);
    assertEquals(0.740741, M.precisionMacro(), 1e-6);
    assertEquals(0.766667, M.recallMacro(), 1e-6);
    assertEquals(0.750399, M.f1Macro(), 1e-6);
  }

  @Test
  void classNeverPredictedHasPrecisionZero() {
    // [[1,0],[1,0]]: class 1 never predicted -> precision 0 (scikit-learn zero_division=0), recall
    // 0
    // precision macro (1/2 + 0)/2 = 0.25; recall (1 + 0)/2 = 0.5; F1 (2/3 + 0)/2 = 1/3
    ConfusionMatrix m = ConfusionMatrix.of(new long[][] {{1, 0}, {1, 0}});
    assertEquals(0.25, m.precisionMacro(), 1e-12);
    assertEquals(0.5, m.recallMacro(), 1e-12);
    assertEquals(1.0 / 3, m.f1Macro(), 1e-12);
  }

  @Test
  void bestAndWorstClassesSkipClassesWithoutExamples() {
    assertEquals(List.of(2, 0), M.topClasses(2).stream().map(ClassAccuracy::classIndex).toList());
    assertEquals(
        List.of(1, 0, 2), M.bottomClasses(5).stream().map(ClassAccuracy::classIndex).toList());
    ClassAccuracy absent = M.classAccuracy(3);
    assertEquals(0, absent.total());
    assertTrue(Double.isNaN(absent.accuracy()) && Double.isNaN(absent.interval().lower()));
    // 8 of 10 at z = 1.959964 (a hair wider than the z = 1.96 figure [0.490157, 0.943319])
    assertEquals(0.490, M.classAccuracy(0).interval().lower(), 1e-3);
    assertEquals(0.943, M.classAccuracy(0).interval().upper(), 1e-3);
  }

  @Test
  void mostConfusedPairsByCountThenFraction() {
    // 0->1 twice (2/10); 1->0 and 1->2 once each (1/4 each) -> tie broken by predicted index
    assertEquals(
        List.of(
            new ConfusedPair(0, 1, 2, 0.2),
            new ConfusedPair(1, 0, 1, 0.25),
            new ConfusedPair(1, 2, 1, 0.25)),
        M.mostConfusedPairs(3));
    assertEquals(3, M.mostConfusedPairs(100).size(), "zero counts are not confusions");
  }

  @Test
  void csvWithQuotedNames(@TempDir Path dir) throws Exception {
    ConfusionMatrix m = ConfusionMatrix.of(new long[][] {{3, 1}, {0, 2}});
    Path file = dir.resolve("sub/confusion.csv");
    m.writeCsv(file, List.of("cat", "dog, big"));
    assertEquals(
        "true\\predicted,cat,\"dog, big\"\ncat,3,1\n\"dog, big\",0,2\n", Files.readString(file));
    assertEquals(
        List.of(file), Files.list(file.getParent()).toList(), "no temporary file is left behind");
    assertEquals("true\\predicted,0,1\n0,3,1\n1,0,2\n", m.toCsv(null));
  }

  @Test
  void perClassAndConfusedPairTables() {
    // class 0: 8/10 (Wilson 95 %: 0.490159, 0.943318 at z = 1.959964); class 3 has no examples
    String perClass = M.perClassCsv(List.of("a", "b", "c", "d"));
    String[] lines = perClass.split("\n");
    assertEquals("class,index,correct,total,accuracy,ci95_lower,ci95_upper", lines[0]);
    assertTrue(lines[1].startsWith("a,0,8,10,0.8,0.49"), lines[1]);
    assertEquals("b,1,2,4,0.5,", lines[2].substring(0, 12));
    assertEquals("d,3,0,0,NaN,NaN,NaN", lines[4]);
    assertEquals(
        "true,predicted,count,fraction_of_true\na,b,2,0.2\nb,a,1,0.25\n",
        M.confusedPairsCsv(List.of("a", "b", "c", "d"), 2));
  }

  @Test
  void firstClassesIsTheTopLeftBlock() {
    ConfusionMatrix sub = M.firstClasses(2);
    assertEquals(2, sub.classes());
    assertEquals(8, sub.count(0, 0));
    assertEquals(2, sub.count(1, 1));
    assertEquals(13, sub.total());
  }

  @Test
  void badInput() {
    assertEquals(
        "class index 4 is out of range 0..3",
        assertThrows(IllegalArgumentException.class, () -> M.count(4, 0)).getMessage());
    assertEquals(
        "got 1 class names for a confusion matrix of 4 classes",
        assertThrows(IllegalArgumentException.class, () -> M.toCsv(List.of("a"))).getMessage());
    assertEquals(
        "confusion counts must be square: row 1 has 1 columns, expected 2",
        assertThrows(
                IllegalArgumentException.class,
                () -> ConfusionMatrix.of(new long[][] {{1, 2}, {3}}))
            .getMessage());
  }
}
