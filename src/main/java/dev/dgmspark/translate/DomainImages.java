package dev.dgmspark.translate;

import dev.dgmspark.io.Storage;
import dev.dgmspark.minibatch.BatchLabels;
import dev.dgmspark.minibatch.ImageBatchFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Images of both CycleGAN domains read on the driver from exported minibatch files, with their attribute codes: what
 * the figures and pictures are made of.
 *
 * @param a domain A's images, [n, channels, height, width] in [−1, 1]
 * @param b domain B's images, as many, unrelated to {@code a}'s
 * @param codesA per A image, its value code of every attribute ({@link BatchLabels#MISSING} when unknown)
 * @param codesB per B image, the same
 */
public record DomainImages(INDArray a, INDArray b, int[][] codesA, int[][] codesB) {
  /** Number of (A, B) examples. */
  public int size() {
    return (int) a.size(0);
  }

  /**
   * Reads up to {@code limit} examples from the minibatch files {@code paths}, in order, with the labels of
   * {@code attributes} attributes per side written beside them (absent labels: all codes missing).
   */
  public static DomainImages read(List<String> paths, int limit, int channels, int attributes, Configuration conf)
      throws IOException {
    List<INDArray> as = new ArrayList<>();
    List<INDArray> bs = new ArrayList<>();
    List<int[]> codesA = new ArrayList<>();
    List<int[]> codesB = new ArrayList<>();
    for (String file : paths) {
      int read = codesA.size();
      if (read >= limit) {
        break;
      }
      Path path = new Path(file);
      PairBatch batch;
      try (InputStream in = Storage.fs(path, conf).open(path)) {
        batch = PairBatch.of(ImageBatchFile.read(in), channels);
      }
      Path labelFile = new Path(BatchLabels.pathFor(file));
      BatchLabels labels = null;
      if (attributes > 0 && Storage.fs(labelFile, conf).exists(labelFile)) {
        try (InputStream in = Storage.fs(labelFile, conf).open(labelFile)) {
          labels = BatchLabels.read(in);
        }
      }
      int take = Math.min(batch.size(), limit - read);
      as.add(batch.source().get(NDArrayIndex.interval(0, take)));
      bs.add(batch.target().get(NDArrayIndex.interval(0, take)));
      for (int i = 0; i < take; i++) {
        int[] a = new int[attributes];
        int[] b = new int[attributes];
        Arrays.fill(a, BatchLabels.MISSING);
        Arrays.fill(b, BatchLabels.MISSING);
        for (int k = 0; labels != null && k < attributes; k++) {
          a[k] = labels.code(i, k);
          b[k] = labels.code(i, attributes + k);
        }
        codesA.add(a);
        codesB.add(b);
      }
    }
    if (as.isEmpty()) {
      throw new IllegalArgumentException("no images to read");
    }
    return new DomainImages(Nd4j.concat(0, as.toArray(new INDArray[0])).dup(),
        Nd4j.concat(0, bs.toArray(new INDArray[0])).dup(), codesA.toArray(new int[0][]),
        codesB.toArray(new int[0][]));
  }
}
