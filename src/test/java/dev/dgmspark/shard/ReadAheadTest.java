package dev.dgmspark.shard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.dgmspark.io.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ReadAhead}: files come back in listing order with their bytes, whatever the depth; a bad file is an error. */
class ReadAheadTest {
  @TempDir Path dir;

  @Test
  void returnsEveryFileInOrderWithItsBytesOrItsError() throws Exception {
    List<InputFile> files = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Path file = dir.resolve("f" + i);
      // Sizes vary so that later small reads may finish before earlier large ones.
      Files.write(file, new byte[(40 - i) * 5000 + i]);
      files.add(new InputFile(file.toUri().toString(), "f" + i, Files.size(file)));
    }
    files.add(7, new InputFile(dir.resolve("missing").toUri().toString(), "missing", 10));
    FileSystem fs = Storage.fs(new org.apache.hadoop.fs.Path(dir.toUri()), new Configuration());
    for (int depth : new int[] {0, 1, 3, 8}) {
      try (ReadAhead reads = new ReadAhead(files, fs, depth)) {
        int n = 0;
        while (reads.hasNext()) {
          ReadAhead.Read read = reads.next();
          InputFile expected = files.get(n++);
          assertEquals(expected, read.file(), "depth " + depth);
          if (expected.relativePath().equals("missing")) {
            assertNull(read.bytes());
            assertNotNull(read.error());
          } else {
            assertArrayEquals(Files.readAllBytes(Path.of(java.net.URI.create(expected.path()))), read.bytes());
          }
        }
        assertEquals(files.size(), n);
      }
    }
  }
}
