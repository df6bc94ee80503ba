package dev.dgmspark.bench;

import dev.dgmspark.io.PngWriter;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes images of no dataset for {@code scripts/bench-outliers}: the first half uniform noise (every pixel and channel
 * drawn independently), the second half blank (one flat colour each), seeded.
 *
 * <p>Usage: {@code PlantedImages <folder> <count> <size> <seed>}; files are {@code noise-NNNNNN.png} and
 * {@code blank-NNNNNN.png}.
 */
public final class PlantedImages {
  private PlantedImages() {}

  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    int size = Integer.parseInt(args[2]);
    Random random = new Random(Long.parseLong(args[3]));
    Files.createDirectories(folder);
    try (PngWriter png = new PngWriter(PngWriter.DEFAULT)) {
      for (int i = 0; i < count; i++) {
        boolean noise = i < (count + 1) / 2;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int flat = random.nextInt(1 << 24);
        for (int y = 0; y < size; y++) {
          for (int x = 0; x < size; x++) {
            image.setRGB(x, y, noise ? random.nextInt(1 << 24) : flat);
          }
        }
        String name = String.format("%s-%06d.png", noise ? "noise" : "blank", i);
        Files.write(folder.resolve(name), png.encode(image));
      }
    }
  }
}
