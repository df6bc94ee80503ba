package dev.dgmspark.debias.spark;

import java.io.Serializable;

/** One image's id and latent mean, as the debias passes carry it. */
final class LatentRow implements Serializable {
  private static final long serialVersionUID = 1L;
  final String id;
  final float[] mu;

  LatentRow(String id, float[] mu) {
    this.id = id;
    this.mu = mu;
  }
}
