package dev.dgmspark.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    return OutputFolder.prepare(new Path(dir.toUri()), new Configuration(), overwrite, "summary.json", OWNED).root();
  }

  @Test
  void finishedRunIsKeptWithoutOverwrite() throws Exception {
    Files.writeString(dir.resolve("summary.json"), "{}");
    Files.createDirectory(dir.resolve("shards"));
    OutputFolderException e = assertThrows(OutputFolderException.class, () -> prepare(false));
    assertEquals(OutputFolderException.Problem.FINISHED_RUN, e.problem());
    assertTrue(e.getMessage().contains("finished run (summary.json)"), e.getMessage());
    assertFalse(e.getMessage().contains("--"), "no command-line option in a library message: " + e.getMessage());
    assertTrue(Files.exists(dir.resolve("summary.json")), "nothing deleted when refusing");
  }

  @Test
  void aFileIsNotAFolder() throws Exception {
    java.nio.file.Path file = Files.writeString(dir.resolve("a-file"), "x");
    OutputFolderException e = assertThrows(OutputFolderException.class, () -> OutputFolder.prepare(
        new Path(file.toUri()), new Configuration(), true, "summary.json", OWNED));
    assertEquals(OutputFolderException.Problem.NOT_A_FOLDER, e.problem());
    assertTrue(e.getMessage().contains("is a file"), e.getMessage());
  }

  @Test
  void ownedNamesMayFollowAPattern() throws Exception {
    Files.writeString(dir.resolve("img-000001.png"), "old");
    Files.writeString(dir.resolve("img-000002.png"), "old");
    OutputFolder.prepare(new Path(dir.toUri()), new Configuration(), false, "attributes.csv",
        name -> name.matches("img-\\d{6}\\.png"));
    assertFalse(Files.exists(dir.resolve("img-000001.png")), "a partial earlier attempt is cleaned");
    assertFalse(Files.exists(dir.resolve("img-000002.png")));
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
    OutputFolderException e = assertThrows(OutputFolderException.class, () -> prepare(true));
    assertEquals(OutputFolderException.Problem.FOREIGN_FILES, e.problem());
    assertTrue(e.getMessage().contains("holiday.jpg"), e.getMessage());
    assertTrue(Files.exists(dir.resolve("holiday.jpg")));
  }
}
