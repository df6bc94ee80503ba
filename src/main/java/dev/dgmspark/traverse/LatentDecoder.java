package dev.dgmspark.traverse;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A decoder of latent vectors: [n, latent] → images [n, channels, size, size] with values in [0, 1]. */
@FunctionalInterface
public interface LatentDecoder {
  /** Decodes the rows of {@code z}. */
  INDArray decode(INDArray z);
}
