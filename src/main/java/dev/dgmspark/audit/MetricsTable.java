package dev.dgmspark.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A model folder's {@code metrics.csv} read back: one row per epoch, columns {@code epoch}, the family's loss terms,
 * then {@code examples,seconds,examples_per_second}.
 */
public final class MetricsTable {
  private final List<String> columns;
  private final List<double[]> rows;

  private MetricsTable(List<String> columns, List<double[]> rows) {
    this.columns = columns;
    this.rows = rows;
  }

  /** Parses the file's text; a value that is not a number reads as NaN. */
  public static MetricsTable parse(String csv) {
    String[] lines = csv.split("\r?\n");
    if (lines.length == 0 || !lines[0].startsWith("epoch")) {
      throw new IllegalArgumentException("metrics.csv must start with a header whose first column is epoch");
    }
    List<String> columns = List.of(lines[0].trim().split(","));
    List<double[]> rows = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      String[] cells = lines[i].trim().split(",");
      double[] row = new double[columns.size()];
      Arrays.fill(row, Double.NaN);
      for (int c = 0; c < Math.min(cells.length, row.length); c++) {
        try {
          row[c] = Double.parseDouble(cells[c]);
        } catch (NumberFormatException e) {
          row[c] = Double.NaN;
        }
      }
      rows.add(row);
    }
    return new MetricsTable(columns, rows);
  }

  /** Epochs in the file. */
  public int rows() {
    return rows.size();
  }

  /** The columns between {@code epoch} and {@code examples}: the family's loss terms and scores. */
  public List<String> lossColumns() {
    int end = columns.indexOf("examples");
    return columns.subList(1, end < 0 ? columns.size() : end);
  }

  /** A column's values in epoch order. */
  public double[] column(String name) {
    int c = columns.indexOf(name);
    if (c < 0) {
      throw new IllegalArgumentException("metrics.csv has no column " + name + "; it has " + columns);
    }
    return rows.stream().mapToDouble(r -> r[c]).toArray();
  }
}
