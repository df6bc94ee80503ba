package dev.dgmspark.shard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.common.UsageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttributeTableTest {
  @TempDir java.nio.file.Path dir;

  private Path csv(String content) throws Exception {
    java.nio.file.Path file = dir.resolve("a.csv");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return new Path(file.toUri());
  }

  @Test
  void loadsColumnsNormalisedAndLooksUpByRelativePath() throws Exception {
    AttributeTable table = AttributeTable.load(csv("file,Skin Tone,glasses\n./a.png,dark,yes\nsub/b.png,light,\n"),
        new Configuration(), ShardSchema.RESERVED);
    assertEquals(List.of("skin_tone", "glasses"), table.columns());
    assertEquals(2, table.size());
    assertArrayEquals(new String[] {"dark", "yes"}, table.lookup("a.png"));
    String[] b = table.lookup("sub/b.png");
    assertEquals("light", b[0]);
    assertNull(b[1], "an empty cell is a missing value");
    assertNull(table.lookup("c.png"));
  }

  @Test
  void rejectsColumnsThatClashWithShardColumns() throws Exception {
    UsageException e = assertThrows(UsageException.class, () -> AttributeTable.load(
        csv("file,width\na.png,3\n"), new Configuration(), ShardSchema.RESERVED));
    assertTrue(e.getMessage().contains("'width'"), e.getMessage());
  }

  @Test
  void rejectsDuplicateRowsAndHeaderWithoutAttributes() throws Exception {
    assertThrows(UsageException.class, () -> AttributeTable.load(csv("file,hat\na.png,yes\na.png,no\n"),
        new Configuration(), ShardSchema.RESERVED));
    assertThrows(UsageException.class, () -> AttributeTable.load(csv("file\na.png\n"), new Configuration(),
        ShardSchema.RESERVED));
  }

  @Test
  void aComposedNameInTheCsvNamesTheDecomposedFileAndFolderLabelsComeFromThePath() throws Exception {
    // "café" typed in the CSV (é one code point) and a file name written decomposed (e + U+0301), as macOS does.
    AttributeTable table = AttributeTable.load(csv("file,kind\ncaf\u00e9/a.png,x\n\u00fc.png,y\n"),
        new Configuration(), ShardSchema.RESERVED);
    assertArrayEquals(new String[] {"x"}, table.lookup("cafe\u0301/a.png"));
    assertArrayEquals(new String[] {"y"}, table.lookup("u\u0308.png"));
    AttributeTable labelled = table.withFolderLabels("t.csv");
    assertEquals(List.of("label", "kind"), labelled.columns());
    assertArrayEquals(new String[] {"caf\u00e9", "x"}, labelled.lookup("cafe\u0301/a.png"));
    assertArrayEquals(new String[] {"dog", null}, labelled.lookup("dog/b.png"));
    assertArrayEquals(new String[] {null, "y"}, labelled.lookup("\u00fc.png"));
    assertNull(labelled.lookup("loose.png"));
    assertTrue(labelled.contains("u\u0308.png"));
    assertEquals(false, labelled.contains("dog/b.png"), "a folder label is not a CSV row");
  }
}
