package dev.dgmspark.synth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link SynthGenerator} wrote: how many faces, how fast, and how often each attribute value came out.
 *
 * @param count number of pictures written
 * @param seconds wall-clock time from start to the final {@code attributes.csv} being in place
 * @param imagesPerSecond {@code count / seconds}
 * @param valueCounts attribute name to value name to number of faces, every allowed value present (0 if unseen),
 *     in declaration order
 */
public record SynthResult(long count, double seconds, double imagesPerSecond,
    Map<String, Map<String, Long>> valueCounts) {

  /** Freezes the counts so a result can be shared safely. */
  public SynthResult {
    Map<String, Map<String, Long>> copy = new LinkedHashMap<>();
    valueCounts.forEach((attribute, counts) ->
        copy.put(attribute, Collections.unmodifiableMap(new LinkedHashMap<>(counts))));
    valueCounts = Collections.unmodifiableMap(copy);
  }

  /**
   * Returns the realised share of {@code attribute=value}, i.e. its count divided by {@link #count()}.
   *
   * @throws IllegalArgumentException for an unknown attribute or value, naming the allowed ones
   */
  public double share(String attribute, String value) {
    FaceAttribute.fromName(attribute).valueIndex(value);
    return (double) valueCounts.get(attribute).get(value) / count;
  }
}
