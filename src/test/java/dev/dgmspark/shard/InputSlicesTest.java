package dev.dgmspark.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InputSlicesTest {
  private static List<InputFile> files(long... lengths) {
    List<InputFile> files = new ArrayList<>();
    for (int i = 0; i < lengths.length; i++) {
      files.add(new InputFile("file:/in/f" + i, "f" + i, lengths[i]));
    }
    return files;
  }

  @Test
  void slicesAreContiguousAndCoverEveryFileOnce() {
    Random random = new Random(7);
    long[] lengths = new long[1_001];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = 1_000 + random.nextInt(200_000);
    }
    List<InputFile> files = files(lengths);
    List<InputSlices.Slice> slices = InputSlices.plan(files, 7);
    assertEquals(7, slices.size());
    List<InputFile> joined = new ArrayList<>();
    for (int i = 0; i < slices.size(); i++) {
      assertEquals(i, slices.get(i).index());
      assertTrue(!slices.get(i).files().isEmpty());
      joined.addAll(slices.get(i).files());
    }
    assertEquals(files, joined);
  }

  @Test
  void slicesBalanceWorkNotFileCount() {
    // 10 big files then 1000 tiny ones: an even split by count would put all the big ones in slice 0.
    long[] lengths = new long[1_010];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = i < 10 ? 10_000_000 : 1_000;
    }
    List<InputSlices.Slice> slices = InputSlices.plan(files(lengths), 2);
    long total = 0;
    long first = 0;
    for (InputFile f : slices.get(0).files()) {
      first += f.length() + InputSlices.PER_FILE_COST;
    }
    for (InputFile f : files(lengths)) {
      total += f.length() + InputSlices.PER_FILE_COST;
    }
    double share = (double) first / total;
    assertTrue(share > 0.4 && share < 0.6, "first slice holds " + share + " of the work");
  }

  @Test
  void neverMoreSlicesThanFiles() {
    assertEquals(3, InputSlices.plan(files(5, 5, 5), 10).size());
    assertEquals(1, InputSlices.plan(files(5, 5, 5), 1).size());
    assertEquals(3, InputSlices.defaultCount(files(5, 5, 5), 8, 1 << 20));
  }

  @Test
  void defaultCountGivesOneTaskPerSlotAndGrowsWithSize() {
    List<InputFile> small = files(new long[100]);
    assertEquals(2, InputSlices.defaultCount(small, 2, 256L << 20));
    long[] big = new long[100];
    java.util.Arrays.fill(big, 100L << 20); // 10 GB
    int count = InputSlices.defaultCount(files(big), 2, 256L << 20);
    long expected = (100L * ((100L << 20) + InputSlices.PER_FILE_COST) + (256L << 20) - 1) / (256L << 20);
    assertEquals(expected, count);
  }
}
