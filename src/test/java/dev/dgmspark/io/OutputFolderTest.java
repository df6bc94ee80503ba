package dev.dgmspark.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.common.UsageException;
import java.nio.file.Files;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFolderTest {
  private static final Set<String> OWNED = Set.of("shards", "index.json", "summary.json");
  @TempDir java.nio.file.Path dir;

  private Path prepare(boolean overwrite) throws Exception {
    return OutputFolder.prepare("--out", new Path(dir.toUri()), new Configuration(), overwrite, "summary.json",
        OWNED).root();
  }

  @Test
  void finishedRunIsKeptWithoutOverwrite() throws Exception {
    Files.writeString(dir.resolve("summary.json"), "{}");
    Files.createDirectory(dir.resolve("shards"));
    UsageException e = assertThrows(UsageException.class, () -> prepare(false));
    assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
    assertTrue(Files.exists(dir.resolve("summary.json")), "nothing deleted when refusing");
  }

  @Test
  void overwriteRemovesEveryOwnedFile() throws Exception {
    Files.writeString(dir.resolve("summary.json"), "{}");
    Files.writeString(dir.resolve("index.json"), "{}");
    Files.createDirectories(dir.resolve("shards/x"));
    Files.createDirectories(dir.resolve("_staging/old"));
    prepare(true);
    assertFalse(Files.exists(dir.resolve("summary.json")));
    assertFalse(Files.exists(dir.resolve("index.json")));
    assertFalse(Files.exists(dir.resolve("shards")));
    assertFalse(Files.exists(dir.resolve("_staging")));
  }

  @Test
  void partialEarlierAttemptIsCleanedWithoutAsking() throws Exception {
    Files.createDirectories(dir.resolve("shards"));
    Files.writeString(dir.resolve("shards/part-00000-000.parquet"), "old");
    Files.writeString(dir.resolve(".index.json.123.tmp"), "half");
    prepare(false);
    assertFalse(Files.exists(dir.resolve("shards")));
    assertFalse(Files.exists(dir.resolve(".index.json.123.tmp")));
  }

  @Test
  void foreignFilesAreRefused() throws Exception {
    Files.writeString(dir.resolve("holiday.jpg"), "x");
    UsageException e = assertThrows(UsageException.class, () -> prepare(true));
    assertTrue(e.getMessage().contains("holiday.jpg"), e.getMessage());
    assertTrue(Files.exists(dir.resolve("holiday.jpg")));
  }
}
