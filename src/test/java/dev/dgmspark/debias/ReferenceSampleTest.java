package dev.dgmspark.debias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The seeded bottom-k reference sample: bounded, the same however rows are split and ordered, uniform. */
class ReferenceSampleTest {

  private static Set<String> ids(ReferenceSample sample) {
    return sample.rows().stream().map(ReferenceSample.Row::id).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void keepsExactlyTheRowsWithTheSmallestKeysWhateverThePartitioning() {
    int n = 5000;
    int capacity = 300;
    long seed = 77;
    // Expected: sort all ids by their key and take the first 300, computed without the aggregate.
    List<String> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add("img-" + i);
    }
    List<String> byKey = new ArrayList<>(all);
    byKey.sort((a, b) -> Double.compare(ReferenceSample.key(a, seed), ReferenceSample.key(b, seed)));
    Set<String> expected = new TreeSet<>(byKey.subList(0, capacity));

    ReferenceSample single = new ReferenceSample(capacity, 2, seed);
    for (String id : all) {
      single.add(id, new float[] {1f, 2f});
    }
    assertEquals(capacity, single.size());
    assertEquals(expected, ids(single));

    List<String> shuffled = new ArrayList<>(all);
    Collections.shuffle(shuffled, new Random(4));
    List<ReferenceSample> parts = new ArrayList<>();
    for (int p = 0; p < 7; p++) {
      parts.add(new ReferenceSample(capacity, 2, seed));
    }
    for (int i = 0; i < shuffled.size(); i++) {
      parts.get(i % 7).add(shuffled.get(i), new float[] {1f, 2f});
    }
    ReferenceSample merged = parts.get(6);
    for (int p = 5; p >= 0; p--) {
      merged = parts.get(p).merge(merged);
    }
    assertEquals(expected, ids(merged));
    assertEquals(single.rows().stream().map(ReferenceSample.Row::id).toList(),
        merged.rows().stream().map(ReferenceSample.Row::id).toList(), "the same order");
  }

  @Test
  void neverHoldsMoreThanTwiceItsCapacity() throws Exception {
    ReferenceSample sample = new ReferenceSample(50, 1, 1);
    java.lang.reflect.Field field = ReferenceSample.class.getDeclaredField("rows");
    field.setAccessible(true);
    for (int i = 0; i < 10_000; i++) {
      sample.add("x" + i, new float[] {i});
      assertTrue(((List<?>) field.get(sample)).size() < 100);
    }
    assertEquals(50, sample.rows().size());
  }

  @Test
  void aDifferentSeedPicksOtherRowsAndKeysAreUniform() {
    ReferenceSample a = new ReferenceSample(100, 1, 1);
    ReferenceSample b = new ReferenceSample(100, 1, 2);
    int below = 0;
    for (int i = 0; i < 20_000; i++) {
      a.add("id" + i, new float[] {0f});
      b.add("id" + i, new float[] {0f});
      if (ReferenceSample.key("id" + i, 1) < 0.25) {
        below++;
      }
    }
    assertNotEquals(ids(a), ids(b));
    // Binomial(20000, 0.25): mean 5000, sd 61.
    assertTrue(Math.abs(below - 5000) < 300, "keys below 0.25: " + below);
  }

  @Test
  void theKeyBoundKeepsEnoughRows() {
    assertEquals(1.0, ReferenceSample.keyBound(100, 1000));
    double bound = ReferenceSample.keyBound(1_000_000, 10_000);
    assertTrue(bound * 1_000_000 > 10_000 + 7 * Math.sqrt(10_000));
    assertTrue(bound < 0.012);
  }

  @Test
  void skipsNonFiniteRowsAndChecksDimensions() {
    ReferenceSample sample = new ReferenceSample(10, 2, 0);
    sample.add("a", new float[] {Float.NaN, 0f});
    sample.add("b", new float[] {1f, 0f});
    assertEquals(List.of("b"), sample.rows().stream().map(ReferenceSample.Row::id).toList());
    assertThrows(IllegalArgumentException.class, () -> sample.add("c", new float[] {1f}));
    assertThrows(IllegalArgumentException.class, () -> sample.merge(new ReferenceSample(10, 2, 1)));
    assertThrows(IllegalArgumentException.class, () -> new ReferenceSample(0, 2, 0));
  }
}
