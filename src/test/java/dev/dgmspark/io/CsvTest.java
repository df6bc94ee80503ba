package dev.dgmspark.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import com.univocity.parsers.csv.CsvWriter;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Csv}: plain fields stay plain, awkward ones are quoted (RFC 4180) and read back as they were. */
class CsvTest {
  private static String write(String[]... rows) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CsvWriter writer = Csv.writer(bytes);
    for (String[] row : rows) {
      writer.writeRow((Object[]) row);
    }
    writer.close();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void plainFieldsAreWrittenAsTheyAreWithNewlineEnds() {
    assertEquals("file,glasses\nimg-000000.png,yes\n",
        write(new String[] {"file", "glasses"}, new String[] {"img-000000.png", "yes"}));
  }

  @Test
  void commasQuotesAndLineBreaksAreQuotedAndReadBack() {
    String[] awkward = {"a,b", "say \"hi\"", "two\nlines", "plain", "ünïcode"};
    String text = write(awkward);
    assertEquals("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",plain,ünïcode\n", text);
    // Read back with the parser the shard job reads attributes.csv with.
    CsvParserSettings settings = new CsvParserSettings();
    settings.setLineSeparatorDetectionEnabled(true);
    List<String[]> rows = new CsvParser(settings).parseAll(new StringReader(text));
    assertEquals(1, rows.size());
    assertArrayEquals(awkward, rows.get(0));
  }
}
