package dev.dgmspark.debias.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;

/** One image's id and latent mean, as the debias and outliers passes carry it. */
public final class LatentRow implements Serializable {
  private static final long serialVersionUID = 1L;
  final String id;
  final float[] mu;

  public LatentRow(String id, float[] mu) {
    this.id = id;
    this.mu = mu;
  }

  /** The image's id. */
  public String id() {
    return id;
  }

  /** The latent mean (not a copy). */
  public float[] mu() {
    return mu;
  }

  /** The row of a latents table ({@code encode}'s output) selected as {@code id, mu}. */
  public static LatentRow of(Row row) {
    List<Object> values = row.getList(1);
    float[] mu = new float[values.size()];
    for (int i = 0; i < mu.length; i++) {
      mu[i] = ((Number) values.get(i)).floatValue();
    }
    return new LatentRow(row.getString(0), mu);
  }
}
