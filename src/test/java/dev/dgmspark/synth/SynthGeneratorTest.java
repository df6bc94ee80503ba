package dev.dgmspark.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.io.OutputFolderException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests {@link SynthGenerator}: byte-identical output across thread counts, realised shares, the CSV, folders. */
class SynthGeneratorTest {

  private static final SynthGenerator GENERATOR = new SynthGenerator();

  @TempDir
  java.nio.file.Path dir;

  private SynthRequest request(String folder, int count) {
    return SynthRequest.of(new Path(dir.resolve(folder).toUri()), count).withConf(new Configuration());
  }

  @Test
  void sameRequestGivesByteIdenticalFilesWhateverTheThreadCount() throws IOException {
    GENERATOR.generate(request("one", 150).withSeed(5).withThreads(1));
    GENERATOR.generate(request("three", 150).withSeed(5).withThreads(3));
    GENERATOR.generate(request("other-seed", 150).withSeed(6).withThreads(2));

    List<String> names = fileNames("one");
    assertEquals(151, names.size());
    assertEquals(names, fileNames("three"));
    for (String name : names) {
      assertArrayEquals(bytes("one", name), bytes("three", name), name);
    }
    assertFalse(Arrays.equals(bytes("one", SynthGenerator.ATTRIBUTES_CSV),
        bytes("other-seed", SynthGenerator.ATTRIBUTES_CSV)));
    long samePictures = names.stream().filter(n -> n.endsWith(".png"))
        .filter(n -> Arrays.equals(bytes("one", n), bytes("other-seed", n))).count();
    assertEquals(0, samePictures);
  }

  @Test
  void rareValueIsRealisedWithinBinomialTolerance() throws IOException {
    int count = 2000;
    double target = 0.05;
    TargetShares shares = TargetShares.parse("glasses=yes:" + target);
    SynthResult result = GENERATOR.generate(request("rare", count).withSize(FaceRenderer.MIN_SIZE)
        .withShares(shares));

    double tolerance = 4 * Math.sqrt(target * (1 - target) / count);
    double realised = result.share("glasses", "yes");
    assertEquals(target, realised, tolerance, "realised share " + realised + ", tolerance " + tolerance);
    // Untouched attributes keep their default shares (hat=yes 0.25) within the same kind of tolerance.
    double hatTolerance = 4 * Math.sqrt(0.25 * 0.75 / count);
    assertEquals(0.25, result.share("hat", "yes"), hatTolerance);

    // The result's counts are the CSV's counts.
    List<String[]> rows = csvRows("rare");
    long csvGlasses = rows.stream().filter(r -> r[3].equals("yes")).count();
    assertEquals(result.valueCounts().get("glasses").get("yes"), csvGlasses);
    assertEquals(count, result.count());
    assertTrue(result.imagesPerSecond() > 0 && result.seconds() > 0);
    for (Map<String, Long> counts : result.valueCounts().values()) {
      assertEquals(count, counts.values().stream().mapToLong(Long::longValue).sum());
    }
  }

  @Test
  void csvNamesEveryPictureWithAllowedValues() throws IOException {
    int count = 40;
    GENERATOR.generate(request("csv", count).withSize(48).withThreads(2));

    List<String> lines = Files.readAllLines(dir.resolve("csv").resolve(SynthGenerator.ATTRIBUTES_CSV),
        StandardCharsets.UTF_8);
    assertEquals("file,skin_tone,hair_color,glasses,hat,smile", lines.get(0));
    assertEquals(count + 1, lines.size());

    List<String[]> rows = csvRows("csv");
    List<String> pngs = fileNames("csv").stream().filter(n -> n.endsWith(".png")).collect(Collectors.toList());
    assertEquals(pngs, rows.stream().map(r -> r[0]).collect(Collectors.toList()));
    assertEquals("img-000000.png", rows.get(0)[0]);
    assertEquals("img-000039.png", rows.get(count - 1)[0]);
    List<FaceAttribute> attributes = FaceAttribute.all();
    for (String[] row : rows) {
      assertEquals(attributes.size() + 1, row.length);
      for (int a = 0; a < attributes.size(); a++) {
        assertTrue(attributes.get(a).valueNames().contains(row[a + 1]), Arrays.toString(row));
      }
    }
    // Each row is the sampler's face for that index, and each picture is an 8-bit RGB PNG of the requested size.
    FaceSpec third = FaceSampler.sample(SynthRequest.DEFAULT_SEED, 3, TargetShares.defaults());
    assertEquals(third.value(FaceAttribute.HAIR_COLOR), rows.get(3)[2]);
    BufferedImage image = ImageIO.read(dir.resolve("csv").resolve("img-000003.png").toFile());
    assertEquals(48, image.getWidth());
    assertEquals(3, image.getColorModel().getNumComponents());
    assertFalse(image.getColorModel().hasAlpha());
    assertEquals(8, image.getColorModel().getComponentSize(0));
    // No temporary or checksum files are left behind.
    assertEquals(count + 1, fileNames("csv").size());
    try (Stream<java.nio.file.Path> all = Files.list(dir.resolve("csv"))) {
      assertEquals(count + 1, all.count());
    }
  }

  @Test
  void aFinishedDatasetIsReplacedOnlyWithOverwrite() throws IOException {
    GENERATOR.generate(request("again", 30));

    OutputFolderException e = assertThrows(OutputFolderException.class,
        () -> GENERATOR.generate(request("again", 10)));
    assertEquals(OutputFolderException.Problem.FINISHED_RUN, e.problem());
    assertTrue(e.getMessage().contains(SynthGenerator.ATTRIBUTES_CSV), e.getMessage());
    assertEquals(31, fileNames("again").size(), "nothing deleted when refusing");

    GENERATOR.generate(request("again", 10).withOverwrite(true));
    List<String> names = fileNames("again");
    assertEquals(11, names.size(), names.toString()); // 10 pictures and the CSV: the 20 older pictures are gone
    assertEquals(11, Files.readAllLines(dir.resolve("again").resolve(SynthGenerator.ATTRIBUTES_CSV)).size());
  }

  @Test
  void anUnfinishedDatasetIsCleanedAndOtherFilesAreRefused() throws IOException {
    java.nio.file.Path folder = Files.createDirectories(dir.resolve("partial"));
    Files.writeString(folder.resolve("img-000041.png"), "from a run that stopped before its attributes.csv");
    GENERATOR.generate(request("partial", 5));
    assertEquals(6, fileNames("partial").size(), fileNames("partial").toString());

    java.nio.file.Path mixed = Files.createDirectories(dir.resolve("mixed"));
    Files.writeString(mixed.resolve("notes.txt"), "keep me");
    OutputFolderException e = assertThrows(OutputFolderException.class,
        () -> GENERATOR.generate(request("mixed", 5).withOverwrite(true)));
    assertEquals(OutputFolderException.Problem.FOREIGN_FILES, e.problem());
    assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
    assertEquals(List.of("notes.txt"), fileNames("mixed"));
  }

  @Test
  void theCsvIsPlainText() throws IOException {
    GENERATOR.generate(request("plain", 3));
    String csv = Files.readString(dir.resolve("plain").resolve(SynthGenerator.ATTRIBUTES_CSV));
    assertTrue(csv.startsWith("file,skin_tone,hair_color,glasses,hat,smile\nimg-000000.png,"), csv);
    assertTrue(csv.endsWith("\n") && !csv.contains("\r") && !csv.contains("\""), "\\n line ends, no quotes: " + csv);
    assertEquals(4, csv.split("\n").length);
  }

  @Test
  void fileNamesArePaddedToSixDigitsOrMore() {
    assertEquals("img-000007.png", SynthGenerator.imageFileName(7, 10));
    assertEquals("img-999999.png", SynthGenerator.imageFileName(999_999, 1_000_000));
    assertEquals("img-0000007.png", SynthGenerator.imageFileName(7, 1_000_001));
  }

  @Test
  void requestValidationNamesTheFieldAndItsRange() {
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
        () -> request("x", 1).withSize(300));
    assertTrue(size.getMessage().contains("size 300") && size.getMessage().contains("[28, 256]"),
        size.getMessage());
    IllegalArgumentException threads = assertThrows(IllegalArgumentException.class,
        () -> request("x", 1).withThreads(0));
    assertTrue(threads.getMessage().contains("threads 0"), threads.getMessage());
    assertThrows(IllegalArgumentException.class, () -> request("x", 0));
    IllegalArgumentException output = assertThrows(IllegalArgumentException.class, () -> SynthRequest.of(null, 5));
    assertTrue(output.getMessage().contains("output"), output.getMessage());
  }

  @Test
  void pairsDifferOnlyInThePairedAttributeAndNameTheirPair() throws IOException {
    int count = 40;
    GENERATOR.generate(request("pairs", count).withSize(32).withPairs(PairSpec.parse("glasses")));
    GENERATOR.generate(request("plain", count).withSize(32));
    List<String> header = Arrays.asList(Files.readAllLines(dir.resolve("pairs").resolve(SynthGenerator.ATTRIBUTES_CSV),
        StandardCharsets.UTF_8).get(0).split(","));
    assertEquals(List.of("file", "skin_tone", "hair_color", "glasses", "hat", "smile", "pair_id"), header);
    List<String[]> rows = csvRows("pairs");
    assertEquals(count, rows.size());
    double withinPair = 0;
    double acrossPairs = 0;
    for (int k = 0; k < count / 2; k++) {
      String[] first = rows.get(2 * k);
      String[] second = rows.get(2 * k + 1);
      assertEquals(first[6], second[6], "pair id of pictures " + 2 * k + " and " + (2 * k + 1));
      assertEquals("no", first[3]);
      assertEquals("yes", second[3]);
      for (int a : new int[] {1, 2, 4, 5}) {
        assertEquals(first[a], second[a], "attribute column " + a + " within pair " + k);
      }
      withinPair += changedShare(read("pairs", first[0]), read("pairs", second[0]));
      acrossPairs += changedShare(read("pairs", first[0]), read("pairs", rows.get((2 * k + 2) % count)[0]));
    }
    assertEquals(count / 2, rows.stream().map(r -> r[6]).distinct().count());
    withinPair /= count / 2.0;
    acrossPairs /= count / 2.0;
    // Glasses cover a small part of the picture; two different faces differ almost everywhere.
    assertTrue(withinPair > 0.005 && withinPair < 0.2, "within pairs " + withinPair);
    assertTrue(acrossPairs > 0.6, "across pairs " + acrossPairs);
    // Without --pairs the CSV has no pair column.
    assertEquals(6, Files.readAllLines(dir.resolve("plain").resolve(SynthGenerator.ATTRIBUTES_CSV),
        StandardCharsets.UTF_8).get(0).split(",").length);
  }

  @Test
  void pairSpecsNameTheirValuesAndRefuseBadOnes() {
    PairSpec skin = PairSpec.parse("skin_tone");
    assertEquals(List.of("light", "dark"), List.of(skin.first(), skin.second()));
    PairSpec given = PairSpec.parse("skin_tone=dark,medium");
    assertEquals(List.of("dark", "medium"), List.of(given.first(), given.second()));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> PairSpec.parse("glasses=no,no")).getMessage()
        .contains("two different values"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> PairSpec.parse("glasses=maybe,yes")).getMessage()
        .contains("allowed: no, yes"));
    assertThrows(IllegalArgumentException.class, () -> request("odd", 3).withPairs(skin));
  }

  private BufferedImage read(String folder, String name) throws IOException {
    return ImageIO.read(dir.resolve(folder).resolve(name).toFile());
  }

  /** Share of pixels whose colour differs by more than a little between two pictures of the same size. */
  private static double changedShare(BufferedImage a, BufferedImage b) {
    int changed = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        int diff = 0;
        for (int shift = 0; shift < 24; shift += 8) {
          diff += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
        }
        changed += diff > 24 ? 1 : 0;
      }
    }
    return changed / (double) (a.getWidth() * a.getHeight());
  }

  private List<String> fileNames(String folder) throws IOException {
    try (Stream<java.nio.file.Path> files = Files.list(dir.resolve(folder))) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  private byte[] bytes(String folder, String name) {
    try {
      return Files.readAllBytes(dir.resolve(folder).resolve(name));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private List<String[]> csvRows(String folder) throws IOException {
    List<String> lines = Files.readAllLines(dir.resolve(folder).resolve(SynthGenerator.ATTRIBUTES_CSV),
        StandardCharsets.UTF_8);
    List<String[]> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      rows.add(line.split(",", -1));
    }
    return rows;
  }
}
