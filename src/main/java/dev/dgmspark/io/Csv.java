package dev.dgmspark.io;

import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;

/**
 * The CSV files the jobs write ({@code attributes.csv}): UTF-8, {@code \n} line ends on every platform, a field quoted
 * only when it holds a comma, quote or line break, through univocity-parsers (Spark's own CSV library, which the shard
 * job also reads them with).
 */
public final class Csv {
  private Csv() {}

  /** A writer of rows into {@code out}; closing it closes {@code out}. */
  public static CsvWriter writer(OutputStream out) {
    CsvWriterSettings settings = new CsvWriterSettings();
    settings.getFormat().setLineSeparator("\n");
    settings.setQuoteEscapingEnabled(true);
    return new CsvWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), settings);
  }
}
