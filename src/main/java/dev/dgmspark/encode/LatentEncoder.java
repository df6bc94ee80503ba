package dev.dgmspark.encode;

import dev.dgmspark.vae.VaeConfig;
import dev.dgmspark.vae.VaeTerms;
import dev.dgmspark.minibatch.ImageBatchFile;
import dev.dgmspark.minibatch.ImagePixels;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The executor side of {@code encode}: runs the encoder over a partition's images in batches and yields one row per
 * image: id, mu, logvar and the reconstruction loss.
 *
 * <p>The model travels once per executor as the bytes of its zip (a broadcast); each task restores its own network,
 * because DL4J networks are not safe to share between the task threads of one executor.
 */
public final class LatentEncoder implements FlatMapFunction<Iterator<Row>, Row> {
  private static final long serialVersionUID = 1L;

  private final Broadcast<byte[]> modelZip;
  private final VaeConfig config;
  private final int batchSize;

  public LatentEncoder(Broadcast<byte[]> modelZip, VaeConfig config, int batchSize) {
    this.modelZip = modelZip;
    this.config = config;
    this.batchSize = batchSize;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) throws IOException {
    ComputationGraph net = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(modelZip.value()), false);
    return new Iterator<>() {
      private Iterator<Row> ready = List.<Row>of().iterator();

      @Override
      public boolean hasNext() {
        while (!ready.hasNext() && rows.hasNext()) {
          ready = encodeBatch(net, rows).iterator();
        }
        return ready.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return ready.next();
      }
    };
  }

  /** Encodes the next batch of up to {@code batchSize} rows ({@code id}, PNG bytes). */
  private List<Row> encodeBatch(ComputationGraph net, Iterator<Row> rows) {
    int imageBytes = config.pixelsPerImage();
    byte[] pixels = new byte[batchSize * imageBytes];
    List<String> ids = new ArrayList<>(batchSize);
    while (ids.size() < batchSize && rows.hasNext()) {
      Row row = rows.next();
      ImagePixels.decodeInto(row.getAs(1), config.channels(), config.imageSize(), pixels, ids.size() * imageBytes);
      ids.add(row.getString(0));
    }
    int n = ids.size();
    byte[] exact = n == batchSize ? pixels : java.util.Arrays.copyOf(pixels, n * imageBytes);
    INDArray x = ImagePixels.toInput(new ImageBatchFile(n, config.channels(), config.imageSize(), config.imageSize(),
        exact));
    VaeTerms terms = VaeTerms.evaluate(net, x);
    float[][] mu = terms.mu().toFloatMatrix();
    float[][] logvar = terms.logvar() == null ? null : terms.logvar().toFloatMatrix();
    double[] recon = terms.reconstruction().toDoubleVector();
    List<Row> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(RowFactory.create(ids.get(i), boxed(mu[i]), logvar == null ? null : boxed(logvar[i]), recon[i]));
    }
    return out;
  }

  private static Float[] boxed(float[] values) {
    Float[] boxed = new Float[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }
}
