package dev.dgmspark.evaluate;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a feature model's {@code feature-model.json} says: the images it takes, what it was trained to predict, the
 * dataset it was trained on (path, checksum and rows of the shard index) and the held-out split it left out.
 *
 * @param format always {@value #FORMAT}
 * @param formatVersion 1
 * @param imageSize image side in pixels
 * @param channels 1 or 3
 * @param targets {@code attributes} (one softmax head per categorical attribute column) or {@code rotation} (shards
 *     without attributes: which of four quarter turns an image was given, a self-supervised target)
 * @param featureDims width of the feature layer
 * @param attributes attribute columns predicted (empty for rotation)
 * @param attributeValues per attribute, its values (a value's position is its code)
 * @param attributeShares per attribute, its values' shares among the training images
 * @param data the shard folder trained on
 * @param dataIndexSha256 SHA-256 of its {@code index.json}
 * @param dataRows rows of that shard folder
 * @param split the held-out split: rows the network never trained on
 * @param trainingImages images trained on
 * @param epochs passes over them
 * @param seed seed of the weights, the order and the split
 * @param heldOutAccuracy per target (attribute, or {@code rotation}), accuracy on held-out real images
 * @param trainSeconds training time
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"format", "format_version"})
public record FeatureModelInfo(String format, int formatVersion, int imageSize, int channels, String targets,
    int featureDims, List<String> attributes, List<List<String>> attributeValues, List<List<Double>> attributeShares,
    String data, String dataIndexSha256, long dataRows, HeldOutSplit split, int trainingImages, int epochs, long seed,
    Map<String, Double> heldOutAccuracy, double trainSeconds) {
  /** The {@code format} value. */
  public static final String FORMAT = "dgm-spark-feature-model";
  /** {@code targets} of a network with attribute heads. */
  public static final String ATTRIBUTES = "attributes";
  /** {@code targets} of a network trained to tell quarter turns apart. */
  public static final String ROTATION = "rotation";

  /** True when the network predicts attributes (and can label generated images). */
  public boolean hasAttributes() {
    return ATTRIBUTES.equals(targets);
  }

  /** The same with the held-out accuracy and training time filled in. */
  public FeatureModelInfo withAccuracy(Map<String, Double> accuracy, double seconds) {
    return new FeatureModelInfo(format, formatVersion, imageSize, channels, targets, featureDims, attributes,
        attributeValues, attributeShares, data, dataIndexSha256, dataRows, split, trainingImages, epochs, seed,
        accuracy, seconds);
  }

  /** Reads the JSON form; null when it is not a feature model description. */
  static FeatureModelInfo fromJson(JsonNode json) {
    if (!FORMAT.equals(json.path("format").asText())) {
      return null;
    }
    List<String> attributes = new ArrayList<>();
    json.path("attributes").forEach(n -> attributes.add(n.asText()));
    List<List<String>> values = new ArrayList<>();
    json.path("attribute_values").forEach(n -> {
      List<String> v = new ArrayList<>();
      n.forEach(x -> v.add(x.asText()));
      values.add(v);
    });
    List<List<Double>> shares = new ArrayList<>();
    json.path("attribute_shares").forEach(n -> {
      List<Double> v = new ArrayList<>();
      n.forEach(x -> v.add(x.asDouble()));
      shares.add(v);
    });
    Map<String, Double> accuracy = new LinkedHashMap<>();
    json.path("held_out_accuracy").fields().forEachRemaining(e -> accuracy.put(e.getKey(), e.getValue().asDouble()));
    JsonNode split = json.path("split");
    return new FeatureModelInfo(FORMAT, json.path("format_version").asInt(), json.path("image_size").asInt(),
        json.path("channels").asInt(), json.path("targets").asText(), json.path("feature_dims").asInt(), attributes,
        values, shares, json.path("data").asText(), json.path("data_index_sha256").asText(),
        json.path("data_rows").asLong(), new HeldOutSplit(split.path("held_out_share").asDouble(),
        split.path("salt").asLong()), json.path("training_images").asInt(), json.path("epochs").asInt(),
        json.path("seed").asLong(), accuracy, json.path("train_seconds").asDouble());
  }
}
