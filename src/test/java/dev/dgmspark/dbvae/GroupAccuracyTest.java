package dev.dgmspark.dbvae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Accuracy per group, its mean and variance, against figures worked out by hand. */
class GroupAccuracyTest {
  @Test
  void accuracyPerGroupMeanAndPopulationVarianceInPercent() {
    // group a: 3 of 4 right (75%), group b: 1 of 2 right (50%); one image with an unknown label and one without a
    // group are left out.
    boolean[] predicted = {true, true, false, false, true, false, true, true};
    boolean[] actual = {true, true, false, true, true, true, false, false};
    boolean[] known = {true, true, true, true, true, true, false, true};
    String[] group = {"a", "a", "a", "a", "b", "b", "a", null};
    GroupAccuracy accuracy = GroupAccuracy.of(predicted, actual, known, group);
    assertEquals(Map.of("a", 75.0, "b", 50.0), accuracy.accuracy());
    assertEquals(Map.of("a", 4L, "b", 2L), accuracy.images());
    assertEquals(List.of("a", "b"), List.copyOf(accuracy.accuracy().keySet()), "groups in name order");
    assertEquals(62.5, accuracy.mean(), 1e-12, "unweighted over groups, not 4 of 6 images");
    assertEquals(100.0 * 4 / 6, accuracy.overall(), 1e-12);
    // ((75 - 62.5)^2 + (50 - 62.5)^2) / 2
    assertEquals(156.25, accuracy.variance(), 1e-12);
  }

  @Test
  void equalAccuracyEverywhereHasZeroVariance() {
    GroupAccuracy accuracy = GroupAccuracy.of(new boolean[] {true, false}, new boolean[] {true, false},
        new boolean[] {true, true}, new String[] {"x", "y"});
    assertEquals(0.0, accuracy.variance());
    assertEquals(100.0, accuracy.mean());
  }

  @Test
  void refusesMismatchedArraysAndAnEmptyTest() {
    assertThrows(IllegalArgumentException.class, () -> GroupAccuracy.of(new boolean[1], new boolean[2],
        new boolean[2], new String[2]));
    assertThrows(IllegalArgumentException.class, () -> GroupAccuracy.of(new boolean[] {true}, new boolean[] {true},
        new boolean[] {false}, new String[] {"a"}));
  }
}
