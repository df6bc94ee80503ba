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
}
