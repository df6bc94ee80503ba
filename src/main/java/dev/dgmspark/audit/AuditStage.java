package dev.dgmspark.audit;

/**
 * The stages of {@code audit}, in order, each with the folder under the audit's output that holds its result. A stage
 * is finished when its folder holds {@value #MARKER} (every job writes it last, atomically).
 */
public enum AuditStage {
  SHARD("shards", "shard the images"),
  TRAIN("model", "train a VAE"),
  DEBIAS("debias", "weight and resample the data by latent rarity"),
  OUTLIERS("outliers", "rank images by reconstruction and latent rarity");

  /** The file whose presence means a stage's folder holds a finished run. */
  public static final String MARKER = "summary.json";

  private final String folder;
  private final String description;

  AuditStage(String folder, String description) {
    this.folder = folder;
    this.description = description;
  }

  /** The stage's folder name under the audit's output. */
  public String folder() {
    return folder;
  }

  /** What the stage does, for log lines. */
  public String description() {
    return description;
  }

  /** The stage's name as logs and the summary spell it. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
