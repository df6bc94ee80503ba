package dev.dgmspark.translate;

import dev.dgmspark.io.Storage;
import dev.dgmspark.minibatch.ImageBatchFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Pairs read on the driver from exported minibatch files: the data the figures and pictures are made of.
 *
 * @param source [n, channels, height, width] in [−1, 1]
 * @param target the true translations, same shape
 */
public record PairImages(INDArray source, INDArray target) {
  /** Number of pairs. */
  public int size() {
    return (int) source.size(0);
  }

  /** Reads up to {@code limit} pairs from the minibatch files {@code paths}, in order. */
  public static PairImages read(List<String> paths, int limit, int channels, Configuration conf) throws IOException {
    List<INDArray> sources = new ArrayList<>();
    List<INDArray> targets = new ArrayList<>();
    int read = 0;
    for (String file : paths) {
      if (read >= limit) {
        break;
      }
      Path path = new Path(file);
      PairBatch batch;
      try (InputStream in = Storage.fs(path, conf).open(path)) {
        batch = PairBatch.of(ImageBatchFile.read(in), channels);
      }
      int take = Math.min(batch.size(), limit - read);
      sources.add(batch.source().get(NDArrayIndex.interval(0, take)));
      targets.add(batch.target().get(NDArrayIndex.interval(0, take)));
      read += take;
    }
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("no pairs to read");
    }
    return new PairImages(Nd4j.concat(0, sources.toArray(new INDArray[0])).dup(),
        Nd4j.concat(0, targets.toArray(new INDArray[0])).dup());
  }
}
