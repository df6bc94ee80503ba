package dev.dgmspark.shard;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import dev.dgmspark.common.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Per-image attributes from a CSV file: the first column names the image by its path relative to the input root,
 * the other columns become string attribute columns of the shards.
 *
 * <p>With a flat listing (the files listed on the driver) the table is loaded on the driver and broadcast: about 170
 * bytes a row once loaded (measured on 1M rows of five columns). With a distributed listing only the header is read
 * on the driver ({@link #header}); {@link AttributeJoin} joins the CSV to the listing in Spark and each shard task
 * gets a table of its own files' rows ({@link #withRows}), so the driver never holds the rows.
 */
public final class AttributeTable implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The column that {@link #withFolderLabels} fills from folder names. */
  public static final String LABEL_COLUMN = "label";

  private final List<String> columns;
  /** CSV rows by normalised key; with folder labels, without the label value. */
  private final Map<String, String[]> rows;
  /** Whether the first column is the {@code label} taken from each file's first folder. */
  private final boolean folderLabels;

  AttributeTable(List<String> columns, Map<String, String[]> rows) {
    this(columns, rows, false);
  }

  private AttributeTable(List<String> columns, Map<String, String[]> rows, boolean folderLabels) {
    this.columns = List.copyOf(columns);
    this.rows = rows;
    this.folderLabels = folderLabels;
  }

  /** A table without columns, for inputs that have no attributes. */
  public static AttributeTable empty() {
    return new AttributeTable(List.of(), Map.of());
  }

  /**
   * Loads {@code csv}; column names are normalised to lower_snake_case and must not clash with {@code reserved}
   * (the shard's own columns).
   */
  public static AttributeTable load(Path csv, Configuration conf, Set<String> reserved) throws IOException {
    return read(csv, conf, reserved, true);
  }

  /**
   * The table of {@code csv} without its rows: its header read and checked as {@link #load} does, the rows left for
   * {@link AttributeJoin} to join in Spark. Lookups find nothing until {@link #withRows} gives rows.
   */
  public static AttributeTable header(Path csv, Configuration conf, Set<String> reserved) throws IOException {
    return read(csv, conf, reserved, false);
  }

  private static AttributeTable read(Path csv, Configuration conf, Set<String> reserved, boolean withRows)
      throws IOException {
    CsvParser parser = new CsvParser(parserSettings());
    try (InputStream in = csv.getFileSystem(conf).open(csv);
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      parser.beginParsing(reader);
      List<String> columns = columns(csv, parser.getContext().parsedHeaders(), reserved);
      if (!withRows) {
        return new AttributeTable(columns, Map.of());
      }
      Map<String, String[]> rows = new HashMap<>();
      // Attribute values repeat (a few per column): one String per distinct value instead of one per cell keeps the
      // table near 170 bytes a row on the driver (measured: 1M rows of five columns, 391 MB -> 162 MB retained).
      Map<String, String> distinct = new HashMap<>();
      String[] record;
      while ((record = parser.parseNext()) != null) {
        if (record.length == 0 || record[0] == null) {
          continue;
        }
        String[] values = new String[columns.size()];
        for (int i = 0; i < values.length && i + 1 < record.length; i++) {
          values[i] = record[i + 1] == null ? null : distinct.computeIfAbsent(record[i + 1], v -> v);
        }
        if (rows.put(normaliseKey(record[0]), values) != null) {
          throw new UsageException("attributes file " + csv + " names '" + record[0] + "' twice");
        }
      }
      return new AttributeTable(columns, rows);
    } finally {
      parser.stopParsing();
    }
  }

  /**
   * This table's columns (and folder labels) with {@code rows} instead of its own: CSV values by normalised key
   * ({@link #normaliseKey}), without a folder label, as many as the CSV has attribute columns.
   */
  public AttributeTable withRows(Map<String, String[]> rows) {
    return new AttributeTable(columns, rows, folderLabels);
  }

  /** The number of attribute columns the CSV itself has: {@link #columns} without a folder label. */
  public int csvColumnCount() {
    return folderLabels ? columns.size() - 1 : columns.size();
  }

  private static CsvParserSettings parserSettings() {
    CsvParserSettings settings = new CsvParserSettings();
    settings.setHeaderExtractionEnabled(true);
    settings.setLineSeparatorDetectionEnabled(true);
    settings.setMaxCharsPerColumn(1 << 16);
    settings.setNullValue(null);
    settings.setEmptyValue(null);
    // Read on this thread: with univocity's reader thread, a usage error thrown while it still reads closes the
    // stream under it, and its "Stream closed" error replaced ours (seen as a flaky test).
    settings.setReadInputOnSeparateThread(false);
    return settings;
  }

  /** The attribute column names of a CSV header, normalised and checked. */
  private static List<String> columns(Path csv, String[] header, Set<String> reserved) {
    if (header == null || header.length < 2) {
      throw new UsageException("attributes file " + csv + " needs a header with a file column and at least one "
          + "attribute column (e.g. file,glasses,hat)");
    }
    List<String> columns = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 1; i < header.length; i++) {
      String name = normaliseColumn(header[i]);
      if (name.isEmpty()) {
        throw new UsageException("attributes file " + csv + ": column " + (i + 1) + " has no name");
      }
      if (reserved.contains(name)) {
        throw new UsageException("attributes file " + csv + ": column '" + header[i] + "' clashes with the shard "
            + "column '" + name + "'; rename it (reserved: " + String.join(", ", reserved) + ")");
      }
      if (!seen.add(name)) {
        throw new UsageException("attributes file " + csv + ": column '" + name + "' appears twice");
      }
      columns.add(name);
    }
    return columns;
  }

  /**
   * This table with a {@code label} column in front, taken from each file's first folder under the input root
   * (torchvision's ImageFolder layout) when it is looked up; files directly under the root get no label. The labels
   * are worked out per lookup, from the path alone, so the table does not grow with the number of files.
   *
   * @throws UsageException if this table already has a {@code label} column
   */
  public AttributeTable withFolderLabels(String csvName) {
    if (columns.contains(LABEL_COLUMN)) {
      throw new UsageException("attributes file " + csvName + " has a '" + LABEL_COLUMN + "' column, which "
          + "--layout imagefolder takes from the folder names; rename the column");
    }
    List<String> newColumns = new ArrayList<>();
    newColumns.add(LABEL_COLUMN);
    newColumns.addAll(columns);
    return new AttributeTable(newColumns, rows, true);
  }

  /** The attribute column names, in file order. */
  public List<String> columns() {
    return columns;
  }

  /** How many images this table names: the whole CSV once {@link #load}ed, none for a {@link #header}. */
  public int size() {
    return rows.size();
  }

  /** Whether the first column is a label taken from the folder names ({@link #withFolderLabels}). */
  public boolean hasFolderLabels() {
    return folderLabels;
  }

  /**
   * The values for an image (by relative path), or {@code null} when the table has nothing for it: no CSV row and,
   * with folder labels, no folder.
   */
  public String[] lookup(String relativePath) {
    String key = normaliseKey(relativePath);
    String[] csv = rows.get(key);
    if (!folderLabels) {
      return csv;
    }
    int slash = key.indexOf('/');
    if (slash <= 0 && csv == null) {
      return null;
    }
    String[] values = new String[columns.size()];
    values[0] = slash > 0 ? key.substring(0, slash) : null;
    if (csv != null) {
      System.arraycopy(csv, 0, values, 1, csv.length);
    }
    return values;
  }

  /** True when the CSV names this image. */
  public boolean contains(String relativePath) {
    return rows.containsKey(normaliseKey(relativePath));
  }

  static String normaliseColumn(String header) {
    return header == null ? "" : header.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
        .replaceAll("^_+|_+$", "");
  }

  /**
   * The key of a path: trimmed, forward slashes, no leading {@code ./}, and in Unicode normal form C, so that a CSV
   * typed as {@code café.png} (one code point for é) names a file whose name came decomposed ({@code e} plus a
   * combining accent, as macOS writes names): the two spellings look the same and name the same picture.
   */
  static String normaliseKey(String key) {
    String k = key.trim().replace('\\', '/');
    while (k.startsWith("./")) {
      k = k.substring(2);
    }
    return Normalizer.isNormalized(k, Normalizer.Form.NFC) ? k : Normalizer.normalize(k, Normalizer.Form.NFC);
  }
}
