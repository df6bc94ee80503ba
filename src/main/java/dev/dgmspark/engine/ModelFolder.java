package dev.dgmspark.engine;

/**
 * The files of a trained model's folder that every family shares: {@code model.json} (what the model is and what
 * it was trained on), {@code model.zip} (the final networks), {@code checkpoints/}, {@code metrics.csv},
 * {@code summary.json}, and the temporary {@code batches/}. Families add their pictures.
 */
public final class ModelFolder {
  public static final String DESCRIPTOR = "model.json";
  public static final String MODEL = "model.zip";
  public static final String METRICS = "metrics.csv";
  public static final String SUMMARY = "summary.json";
  public static final String BATCHES = "batches";
  /** The {@code format} value of every model's {@code model.json}. */
  public static final String FORMAT = "dgm-spark-model";

  private ModelFolder() {}
}
