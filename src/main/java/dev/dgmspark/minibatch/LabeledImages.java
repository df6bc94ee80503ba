package dev.dgmspark.minibatch;

import dev.dgmspark.io.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Images with their attribute codes, read on the driver from exported minibatch files and their
 * {@link BatchLabels}: the real data that quality figures are measured against.
 *
 * @param images [n, channels, height, width] in [0, 1]
 * @param codes per image, the value index of each label column ({@link BatchLabels#MISSING} when missing)
 */
public record LabeledImages(INDArray images, int[][] codes) {

  /** Number of images. */
  public int size() {
    return codes.length;
  }

  /** Reads up to {@code limit} images from the minibatch files {@code batchPaths}, in order. */
  public static LabeledImages read(List<String> batchPaths, int limit, Configuration conf)
      throws IOException {
    List<INDArray> parts = new ArrayList<>();
    List<int[]> codes = new ArrayList<>();
    for (String batchPath : batchPaths) {
      if (codes.size() >= limit) {
        break;
      }
      Path path = new Path(batchPath);
      FileSystem fs = Storage.fs(path, conf);
      ImageBatchFile images;
      try (InputStream in = fs.open(path)) {
        images = ImageBatchFile.read(in);
      }
      BatchLabels labels;
      try (InputStream in = fs.open(new Path(BatchLabels.pathFor(batchPath)))) {
        labels = BatchLabels.read(in);
      }
      int take = Math.min(images.count(), limit - codes.size());
      parts.add(ImagePixels.toInput(images).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, take)));
      for (int i = 0; i < take; i++) {
        int[] row = new int[labels.attributes()];
        for (int a = 0; a < row.length; a++) {
          row[a] = labels.code(i, a);
        }
        codes.add(row);
      }
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("no images to read");
    }
    return new LabeledImages(Nd4j.concat(0, parts.toArray(new INDArray[0])).dup(), codes.toArray(new int[0][]));
  }
}
