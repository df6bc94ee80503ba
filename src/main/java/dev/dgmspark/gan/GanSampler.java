package dev.dgmspark.gan;

import dev.dgmspark.engine.NoiseStream;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Draws images from a trained generator, and the condition rows a cgan needs for them. */
public final class GanSampler {
  private GanSampler() {}

  /**
   * Generated images in [0, 1], [n, channels, height, width], for noise rows and (cgan) condition rows, from the
   * generator sampling runs ({@link GanModel#samplingGenerator()}: the moving average of its weights if kept).
   */
  public static INDArray images(GanModel model, INDArray noise, INDArray condition) {
    INDArray input = condition == null ? noise : Nd4j.hstack(noise, condition.castTo(noise.dataType()));
    return model.samplingGenerator().output(input, false).addi(1).divi(2);
  }

  /**
   * {@code n} condition rows: attribute {@code fixedAttribute} (an index into the model's conditions) set to value
   * {@code fixedValue} when {@code fixedValue >= 0}, every other condition attribute drawn from its share in the
   * training data.
   *
   * @param shares for each condition attribute, its values' shares in the training data
   * @return the rows, and in {@code codes} each row's value index per condition attribute
   */
  public static INDArray conditions(GanConfig config, List<List<Double>> shares, int n, int fixedAttribute,
      int fixedValue, NoiseStream random, int[][] codes) {
    float[][] rows = new float[n][config.conditionSize()];
    for (int i = 0; i < n; i++) {
      int offset = 0;
      for (int c = 0; c < config.conditions().size(); c++) {
        int value = c == fixedAttribute && fixedValue >= 0 ? fixedValue : draw(shares.get(c), random);
        rows[i][offset + value] = 1f;
        codes[i][c] = value;
        offset += config.conditionValues().get(c).size();
      }
    }
    return Nd4j.create(rows);
  }

  private static int draw(List<Double> shares, NoiseStream random) {
    double u = random.nextInt(1 << 30) / (double) (1 << 30);
    double total = shares.stream().mapToDouble(Double::doubleValue).sum();
    double cumulative = 0;
    for (int v = 0; v < shares.size(); v++) {
      cumulative += shares.get(v) / total;
      if (u < cumulative) {
        return v;
      }
    }
    return shares.size() - 1;
  }
}
