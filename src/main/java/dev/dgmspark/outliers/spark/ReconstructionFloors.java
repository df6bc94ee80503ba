package dev.dgmspark.outliers.spark;

import dev.dgmspark.minibatch.ImageBatchFile;
import dev.dgmspark.minibatch.ImagePixels;
import dev.dgmspark.vae.ReconstructionLoss;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The executor side of the outliers job's reconstruction floors: each shard image's loss under a perfect
 * reconstruction ({@link ReconstructionLoss#floor}), in batches; rows in ({@code id}, PNG bytes), rows out
 * ({@code id}, {@code recon_floor}).
 */
final class ReconstructionFloors implements FlatMapFunction<Iterator<Row>, Row> {
  private static final long serialVersionUID = 1L;
  private static final int BATCH = 256;

  private final ReconstructionLoss loss;
  private final int size;
  private final int channels;

  ReconstructionFloors(ReconstructionLoss loss, int size, int channels) {
    this.loss = loss;
    this.size = size;
    this.channels = channels;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    List<Row> out = new ArrayList<>();
    int imageBytes = size * size * channels;
    byte[] pixels = new byte[BATCH * imageBytes];
    List<String> ids = new ArrayList<>(BATCH);
    while (rows.hasNext()) {
      Row row = rows.next();
      ImagePixels.decodeInto(row.getAs(1), channels, size, pixels, ids.size() * imageBytes);
      ids.add(row.getString(0));
      if (ids.size() == BATCH || !rows.hasNext()) {
        int n = ids.size();
        byte[] exact = n == BATCH ? pixels : Arrays.copyOf(pixels, n * imageBytes);
        INDArray x = ImagePixels.toInput(new ImageBatchFile(n, channels, size, size, exact));
        double[] floors = loss.floor(x.reshape('c', n, imageBytes)).toDoubleVector();
        for (int i = 0; i < n; i++) {
          out.add(RowFactory.create(ids.get(i), floors[i]));
        }
        ids.clear();
      }
    }
    return out.iterator();
  }
}
