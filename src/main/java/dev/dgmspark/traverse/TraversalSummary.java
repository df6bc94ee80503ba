package dev.dgmspark.traverse;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.common.Provenance;
import java.util.List;

/**
 * What a traverse run did, as its {@code summary.json} says (keys in snake_case).
 *
 * @param model the model folder
 * @param modelKind ae, vae or betavae
 * @param latentDim the model's latent dimension
 * @param base {@code image} (the sweeps are around an image's latent mean) or {@code zero}
 * @param image the base image's id, or null
 * @param imagePath the base image's source path, or null
 * @param baseLatent the base point, one value per latent dimension
 * @param steps pictures per sweep
 * @param range each sweep goes from −range to +range
 * @param values the values each swept coordinate takes
 * @param order the swept dimensions in grid row order: by change, largest first
 * @param dimensions per swept dimension in row order, its row, the dimension and its change score
 * @param grid the grid PNG
 * @param report the report page
 * @param seconds wall-clock time of the run
 * @param provenance what made the output
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"job"})
public record TraversalSummary(String model, String modelKind, int latentDim, String base, String image,
    String imagePath, List<Double> baseLatent, int steps, double range, List<Double> values, List<Integer> order,
    List<Dimension> dimensions, String grid, String report, double seconds, Provenance provenance) {

  /**
   * One swept dimension.
   *
   * @param row its row in the grid, from 1 (the largest change)
   * @param dimension the latent coordinate (0-based)
   * @param change the sweep's path length in pixel space: Σ over neighbouring steps of the mean absolute pixel
   *     difference (pixel values in [0, 1])
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Dimension(int row, int dimension, double change) {}

  /** The job's name, the summary's first key. */
  @JsonProperty
  public String job() {
    return "traverse";
  }
}
