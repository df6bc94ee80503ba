package dev.dgmspark.translate;

import java.util.List;
import java.util.Map;

/** What every translation model (pix2pix, CycleGAN) says about itself to the jobs that apply it. */
public interface TranslationConfig {
  /** The model's name in {@code model.json}: {@code pix2pix} or {@code cyclegan}. */
  String modelName();

  /** Side of the square images. */
  int imageSize();

  /** 1 or 3. */
  int channels();

  /** The attribute column whose value the model changes. */
  String attribute();

  /** The ways it translates, the default ({@value TranslationDirection#A2B}) first. */
  List<TranslationDirection> directions();

  /** The head of the model's attribute classifier that predicts {@link #attribute()}. */
  int verdictHead();

  /** The values of {@link #attribute()} that the codes of {@link #verdictHead()} stand for. */
  List<String> verdictValues();

  /**
   * The other attributes the model's classifier reads, each with the values its head's codes stand for, in head
   * order (the heads besides {@link #verdictHead()}): what a translation should keep. None by default.
   */
  default Map<String, List<String>> keptAttributes() {
    return Map.of();
  }

  /** Values in one image. */
  default int pixelsPerImage() {
    return imageSize() * imageSize() * channels();
  }

  /** The direction named {@code name}, or null when the model has none of that name. */
  default TranslationDirection direction(String name) {
    return directions().stream().filter(d -> d.name().equals(name)).findFirst().orElse(null);
  }
}
