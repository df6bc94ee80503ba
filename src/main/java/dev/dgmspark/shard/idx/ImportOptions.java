package dev.dgmspark.shard.idx;

import java.util.List;

/**
 * What {@code import} is asked to do.
 *
 * <p>Start from {@link #of} and change values with the {@code withX} methods:
 * {@code ImportOptions.of(images, out).withLabels(labels).withOverwrite(true)}.
 *
 * @param images the images IDX file (any Hadoop file system path)
 * @param labels the labels IDX file, or null
 * @param labelNames names of labels 0, 1, ...; empty writes the numbers
 * @param out output folder
 * @param overwrite replace a finished import in {@code out}
 */
public record ImportOptions(String images, String labels, List<String> labelNames, String out, boolean overwrite) {
  /** Keeps an unmodifiable copy of the label names. */
  public ImportOptions {
    labelNames = List.copyOf(labelNames);
  }

  /** Imports the images in {@code images} into {@code out}, without labels. */
  public static ImportOptions of(String images, String out) {
    return new ImportOptions(images, null, List.of(), out, false);
  }

  public ImportOptions withLabels(String value) {
    return new ImportOptions(images, value, labelNames, out, overwrite);
  }

  public ImportOptions withLabelNames(List<String> value) {
    return new ImportOptions(images, labels, value, out, overwrite);
  }

  public ImportOptions withOverwrite(boolean value) {
    return new ImportOptions(images, labels, labelNames, out, value);
  }
}
