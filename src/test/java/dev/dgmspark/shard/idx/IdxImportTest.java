package dev.dgmspark.shard.idx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.common.UsageException;
import dev.dgmspark.io.OutputFolderException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files written here (seeded, plain and gzipped) imported to PNGs and attributes.csv, and the format errors. */
class IdxImportTest {
  @TempDir Path dir;
  private final Configuration conf = new Configuration();

  /** Writes an unsigned-byte IDX file with the given dimensions and data. */
  static byte[] idx(int[] dims, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(new byte[] {0, 0, 0x08, (byte) dims.length});
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(data);
    out.flush();
    return bytes.toByteArray();
  }

  static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(plain);
    }
    return bytes.toByteArray();
  }

  @Test
  void importsEveryImageWithItsLabelFromGzippedAndPlainFiles() throws Exception {
    int count = 12;
    int rows = 5;
    int columns = 7;
    byte[] pixels = new byte[count * rows * columns];
    new Random(4).nextBytes(pixels);
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      labels[i] = (byte) (i % 3);
    }
    Path images = dir.resolve("train-images-idx3-ubyte.gz");
    Files.write(images, gzip(idx(new int[] {count, rows, columns}, pixels)));
    Path labelFile = dir.resolve("train-labels-idx1-ubyte");
    Files.write(labelFile, idx(new int[] {count}, labels));
    Path out = dir.resolve("out");

    IdxImport.Result result = IdxImport.run(ImportOptions.of(images.toString(), out.toString())
        .withLabels(labelFile.toString()).withLabelNames(List.of("zero", "one", "two")), conf);

    assertEquals(count, result.images());
    assertEquals(rows, result.rows());
    assertEquals(columns, result.columns());
    assertEquals(java.util.Map.of("zero", 4L, "one", 4L, "two", 4L), result.labelCounts());
    List<String> csv = Files.readAllLines(out.resolve("attributes.csv"));
    assertEquals("file,label", csv.get(0));
    assertEquals(count + 1, csv.size());
    for (int i = 0; i < count; i++) {
      String file = String.format("img-%06d.png", i);
      assertEquals(file + "," + List.of("zero", "one", "two").get(i % 3), csv.get(i + 1));
      BufferedImage image = ImageIO.read(out.resolve(file).toFile());
      assertEquals(columns, image.getWidth());
      assertEquals(rows, image.getHeight());
      byte[] decoded = new byte[rows * columns];
      for (int y = 0; y < rows; y++) {
        for (int x = 0; x < columns; x++) {
          decoded[y * columns + x] = (byte) image.getRaster().getSample(x, y, 0);
        }
      }
      assertArrayEquals(Arrays.copyOfRange(pixels, i * rows * columns, (i + 1) * rows * columns), decoded,
          "pixels of image " + i);
    }
  }

  @Test
  void withoutLabelNamesTheNumbersAreWrittenAndWithoutLabelsTheColumnIsEmpty() throws Exception {
    Path images = dir.resolve("images.idx");
    Files.write(images, idx(new int[] {2, 2, 2}, new byte[8]));
    Path labels = dir.resolve("labels.idx");
    Files.write(labels, gzip(idx(new int[] {2}, new byte[] {7, 0})));
    IdxImport.run(ImportOptions.of(images.toString(), dir.resolve("a").toString()).withLabels(labels.toString()),
        conf);
    assertEquals(List.of("file,label", "img-000000.png,7", "img-000001.png,0"),
        Files.readAllLines(dir.resolve("a/attributes.csv")));
    IdxImport.run(ImportOptions.of(images.toString(), dir.resolve("b").toString()), conf);
    assertEquals(List.of("file,label", "img-000000.png,", "img-000001.png,"),
        Files.readAllLines(dir.resolve("b/attributes.csv")));
  }

  @Test
  void badFilesAreUsageErrorsNamingTheOptionAndNoTableIsWritten() throws Exception {
    Path images = dir.resolve("images.idx");
    byte[] good = idx(new int[] {3, 2, 2}, new byte[12]);
    Files.write(images, Arrays.copyOf(good, good.length - 3));
    Path out = dir.resolve("out");
    UsageException truncated = assertThrows(UsageException.class, () -> IdxImport.run(
        ImportOptions.of(images.toString(), out.toString()), conf));
    assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
    assertFalse(Files.exists(out.resolve("attributes.csv")), "no marker after a failed import");

    Path notIdx = dir.resolve("not.idx");
    Files.writeString(notIdx, "hello, world");
    UsageException bad = assertThrows(UsageException.class, () -> IdxImport.run(
        ImportOptions.of(notIdx.toString(), dir.resolve("x").toString()), conf));
    assertTrue(bad.getMessage().startsWith("--idx"), bad.getMessage());

    Path goodImages = dir.resolve("good.idx");
    Files.write(goodImages, good);
    Path fewLabels = dir.resolve("few.idx");
    Files.write(fewLabels, idx(new int[] {2}, new byte[2]));
    UsageException mismatch = assertThrows(UsageException.class, () -> IdxImport.run(
        ImportOptions.of(goodImages.toString(), dir.resolve("y").toString()).withLabels(fewLabels.toString()), conf));
    assertTrue(mismatch.getMessage().startsWith("--labels"), mismatch.getMessage());

    Path labels = dir.resolve("labels.idx");
    Files.write(labels, idx(new int[] {3}, new byte[] {0, 1, 5}));
    UsageException names = assertThrows(UsageException.class, () -> IdxImport.run(
        ImportOptions.of(goodImages.toString(), dir.resolve("z").toString()).withLabels(labels.toString())
            .withLabelNames(List.of("a", "b")), conf));
    assertTrue(names.getMessage().contains("--label-names"), names.getMessage());
  }

  @Test
  void anEarlierImportIsReplacedOnlyWithOverwriteAndForeignFilesAreRefused() throws Exception {
    Path images = dir.resolve("images.idx");
    Files.write(images, idx(new int[] {3, 2, 2}, new byte[12]));
    Path out = dir.resolve("out");
    ImportOptions options = ImportOptions.of(images.toString(), out.toString());
    IdxImport.run(options, conf);
    OutputFolderException finished = assertThrows(OutputFolderException.class, () -> IdxImport.run(options, conf));
    assertEquals(OutputFolderException.Problem.FINISHED_RUN, finished.problem());
    Path smaller = dir.resolve("smaller.idx");
    Files.write(smaller, idx(new int[] {1, 2, 2}, new byte[4]));
    IdxImport.run(ImportOptions.of(smaller.toString(), out.toString()).withOverwrite(true), conf);
    try (var files = Files.list(out)) {
      assertEquals(List.of("attributes.csv", "img-000000.png"), files.map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith(".")).sorted().toList());
    }
    Files.writeString(out.resolve("notes.txt"), "mine");
    OutputFolderException foreign = assertThrows(OutputFolderException.class, () -> IdxImport.run(
        ImportOptions.of(smaller.toString(), out.toString()).withOverwrite(true), conf));
    assertEquals(OutputFolderException.Problem.FOREIGN_FILES, foreign.problem());
    assertTrue(foreign.getMessage().contains("notes.txt"), foreign.getMessage());
  }

  @Test
  void aFailedImportIsCleanedUpByTheNextWithoutOverwrite() throws Exception {
    Path out = dir.resolve("out");
    byte[] good = idx(new int[] {3, 2, 2}, new byte[12]);
    Path truncated = dir.resolve("truncated.idx");
    Files.write(truncated, Arrays.copyOf(good, good.length - 3));
    assertThrows(UsageException.class, () -> IdxImport.run(ImportOptions.of(truncated.toString(), out.toString()),
        conf));
    assertTrue(Files.exists(out.resolve("img-000000.png")), "the images before the truncation were written");
    // No attributes.csv: not a finished import, so the next run replaces it without being asked.
    Path one = dir.resolve("one.idx");
    Files.write(one, idx(new int[] {1, 2, 2}, new byte[4]));
    IdxImport.run(ImportOptions.of(one.toString(), out.toString()), conf);
    try (var files = Files.list(out)) {
      assertEquals(List.of("attributes.csv", "img-000000.png"), files.map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith(".")).sorted().toList());
    }
  }
}
