package dev.dgmspark.dbvae.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.common.ModelKind;
import dev.dgmspark.dbvae.DbVaeConfig;
import dev.dgmspark.dbvae.DbVaeFamily;
import dev.dgmspark.dbvae.DbVaeFolder;
import dev.dgmspark.dbvae.VaeLossScope;
import dev.dgmspark.debias.DensitySettings;
import dev.dgmspark.engine.RunData;
import dev.dgmspark.minibatch.BatchLabels;
import dev.dgmspark.minibatch.ImageBatchFile;
import dev.dgmspark.testing.SharedSpark;
import dev.dgmspark.vae.Likelihood;
import dev.dgmspark.vae.VaeConfig;
import dev.dgmspark.vae.VaeModel;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DB-VAE's per-epoch draw on local[2]: its size, its files, the rare kind of image drawn more often than its share,
 * the same draw for the same model and epoch, and a new draw when the model (hence the latents) changes.
 */
class DebiasedEpochsTest extends SharedSpark {
  private static final int SIZE = 28;
  private static final int FILES = 10;
  private static final int PER_FILE = 20;
  /** One image in ten is bright (the rare kind), the others dark; group codes 0 = common, 1 = rare. */
  private static final int RARE_EVERY = 10;
  private static final List<String> COLUMNS = List.of("glasses", "kind");
  private static final List<List<String>> VALUES = List.of(List.of("no", "yes"), List.of("common", "rare"));
  @TempDir static Path dir;
  private static List<RunData.Minibatch> training;

  @BeforeAll
  static void writeMinibatches() throws Exception {
    Random random = new Random(11);
    training = new ArrayList<>();
    Path folder = Files.createDirectories(dir.resolve("model/batches"));
    for (int f = 0; f < FILES; f++) {
      byte[] pixels = new byte[PER_FILE * SIZE * SIZE];
      byte[] codes = new byte[PER_FILE * 2];
      for (int i = 0; i < PER_FILE; i++) {
        boolean rare = (f * PER_FILE + i) % RARE_EVERY == 0;
        for (int p = 0; p < SIZE * SIZE; p++) {
          pixels[i * SIZE * SIZE + p] = (byte) ((rare ? 220 : 30) + random.nextInt(20));
        }
        codes[2 * i] = (byte) (i % 2);
        codes[2 * i + 1] = (byte) (rare ? 1 : 0);
      }
      Path file = folder.resolve(String.format("batch-%02d.bin", f));
      try (OutputStream out = Files.newOutputStream(file)) {
        new ImageBatchFile(PER_FILE, 1, SIZE, SIZE, pixels).write(out);
      }
      try (OutputStream out = Files.newOutputStream(Path.of(BatchLabels.pathFor(file.toString())))) {
        new BatchLabels(PER_FILE, 2, codes).write(out);
      }
      training.add(new RunData.Minibatch(file.toString(), PER_FILE));
    }
  }

  private static DbVaeFamily family(long seed) {
    VaeConfig vae = new VaeConfig(ModelKind.DBVAE, SIZE, 1, 4, 1.0, Likelihood.BERNOULLI, 1e-3, seed);
    return new DbVaeFamily(vae, new DbVaeConfig("glasses", "yes", 100, VaeLossScope.POSITIVES,
        DensitySettings.defaults()), 1);
  }

  private static DebiasedEpochs sampler() {
    return new DebiasedEpochs(JavaSparkContext.fromSparkContext(spark.sparkContext()), family(1).config(),
        new org.apache.hadoop.fs.Path(dir.resolve("model").toUri()), new Configuration(), 5, 16, COLUMNS, VALUES);
  }

  /**
   * The drawn images (pixels), file by file in training order; counts[0] = rare images, counts[1] = images of label
   * code 0, counts[2] = rare images of label code 0.
   */
  private static List<byte[]> drawnImages(List<RunData.Minibatch> batches, int[] rareCount) throws Exception {
    List<byte[]> images = new ArrayList<>();
    for (RunData.Minibatch batch : batches) {
      ImageBatchFile file;
      BatchLabels labels;
      try (InputStream in = Files.newInputStream(Path.of(java.net.URI.create(batch.path())))) {
        file = ImageBatchFile.read(in);
      }
      try (InputStream in = Files.newInputStream(Path.of(java.net.URI.create(BatchLabels.pathFor(batch.path()))))) {
        labels = BatchLabels.read(in);
      }
      assertEquals(batch.count(), file.count());
      assertEquals(file.count(), labels.count());
      for (int i = 0; i < file.count(); i++) {
        images.add(Arrays.copyOfRange(file.pixels(), i * SIZE * SIZE, (i + 1) * SIZE * SIZE));
        boolean brightPixels = (file.pixels()[i * SIZE * SIZE] & 0xff) > 128;
        assertEquals(brightPixels ? 1 : 0, labels.code(i, 1), "each image keeps its own labels");
        rareCount[0] += labels.code(i, 1);
        if (rareCount.length > 1 && labels.code(i, 0) == 0) {
          rareCount[1]++;
          rareCount[2] += labels.code(i, 1);
        }
      }
    }
    return images;
  }

  @Test
  void drawsAsManyImagesAsTrainingFavouringTheRareKind() throws Exception {
    VaeModel model = family(1).create();
    DebiasedEpochs sampler = sampler();
    List<RunData.Minibatch> epoch1 = sampler.epoch(model, 1, training);
    int[] rare = new int[3];
    List<byte[]> images = drawnImages(epoch1, rare);
    assertEquals(FILES * PER_FILE, images.size(), "an epoch draws as many images as the training set holds");
    assertEquals(FILES * PER_FILE / 2, rare[1], "each class keeps its size (label codes 0 and 1, half each)");
    assertTrue(epoch1.stream().allMatch(b -> b.count() <= 16), "files of at most the worker minibatch");
    // All rare images have label code 0 (they sit at even positions), where they are 20% of the class.
    double withinClass = rare[2] / (double) rare[1];
    assertTrue(withinClass > 0.4, "the rare kind's share of its class grows from 0.20, got " + withinClass);
    double share = rare[0] / (double) images.size();

    String log = Files.readString(dir.resolve("model").resolve(DbVaeFolder.RESAMPLING));
    String[] lines = log.split("\n");
    assertEquals(2, lines.length, log);
    List<String> header = List.of(lines[0].split(","));
    List<String> row = List.of(lines[1].split(","));
    assertEquals("1", row.get(0));
    assertEquals(0.1, Double.parseDouble(row.get(header.indexOf("training_share[kind=rare]"))), 1e-9);
    assertEquals(share, Double.parseDouble(row.get(header.indexOf("drawn_share[kind=rare]"))), 1e-4);
  }

  @Test
  void sameModelSameDrawNewLatentsNewDraw() throws Exception {
    DebiasedEpochs sampler = sampler();
    VaeModel model = family(1).create();
    List<byte[]> first = drawnImages(sampler.epoch(model, 2, training), new int[1]);
    List<byte[]> again = drawnImages(sampler.epoch(model, 2, training), new int[1]);
    assertEquals(first.size(), again.size());
    for (int i = 0; i < first.size(); i++) {
      assertArrayEquals(first.get(i), again.get(i), "same model, epoch and seed: the same draw, image " + i);
    }
    // Other weights: other latents, so other weights and another draw with the same seed and epoch.
    VaeModel other = family(99).create();
    List<byte[]> changed = drawnImages(sampler.epoch(other, 2, training), new int[1]);
    boolean differs = false;
    for (int i = 0; i < first.size() && !differs; i++) {
      differs = !Arrays.equals(first.get(i), changed.get(i));
    }
    assertTrue(differs, "the draw follows the model's current latents");
  }
}
