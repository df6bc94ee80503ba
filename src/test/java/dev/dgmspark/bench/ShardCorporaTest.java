package dev.dgmspark.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shard benchmark's corpora: a clear failure without the photographs, the same files for the same seed. */
class ShardCorporaTest {
  @TempDir Path dir;

  @Test
  void missingPhotographsFailWithWhatToInstall() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ShardCorpora.loadPhotos(List.of(dir.resolve("nothing-here"))));
    assertTrue(e.getMessage().contains("python3-skimage") && e.getMessage().contains("skimage/data/astronaut.png")
        && e.getMessage().contains("BENCH_PHOTOS"), e.getMessage());
  }

  @Test
  void sameSeedSameFilesInNestedFolders() throws IOException {
    ShardCorpora.Photos photos = ShardCorpora.loadPhotos(List.of(fakePhotos()));
    Path a = ShardCorpora.writeSmallMixed(dir.resolve("a"), 120, 7, photos);
    Path b = ShardCorpora.writeSmallMixed(dir.resolve("b"), 120, 7, photos);
    List<Path> filesA = ShardCorpora.imageFiles(a);
    List<Path> filesB = ShardCorpora.imageFiles(b);
    assertEquals(120, filesA.size());
    List<String> names = new ArrayList<>();
    for (int i = 0; i < filesA.size(); i++) {
      assertEquals(a.relativize(filesA.get(i)), b.relativize(filesB.get(i)));
      assertArrayEquals(Files.readAllBytes(filesA.get(i)), Files.readAllBytes(filesB.get(i)));
      names.add(a.relativize(filesA.get(i)).toString());
    }
    assertTrue(names.stream().allMatch(n -> n.split("/").length >= 3), "nested folders");
    long jpegs = names.stream().filter(n -> n.endsWith(".jpg")).count();
    assertTrue(jpegs > 20 && jpegs < 60, jpegs + " JPEGs of 120");
    for (Path file : filesA) {
      BufferedImage img = ImageIO.read(file.toFile());
      assertEquals(64, img.getWidth());
      assertEquals(64, img.getHeight());
    }
  }

  @Test
  void cameraCorpusAlternatesTheTwoSizes() throws IOException {
    ShardCorpora.Photos photos = ShardCorpora.loadPhotos(List.of(fakePhotos()));
    List<Path> files = ShardCorpora.imageFiles(ShardCorpora.writeCamera(dir.resolve("camera"), 2, 3, photos));
    BufferedImage first = ImageIO.read(files.get(0).toFile());
    BufferedImage second = ImageIO.read(files.get(1).toFile());
    assertEquals(List.of(640, 480, 1024, 768), List.of(first.getWidth(), first.getHeight(), second.getWidth(),
        second.getHeight()));
  }

  /** Small stand-ins for the Debian sample photographs, under the names the corpora look for. */
  private Path fakePhotos() throws IOException {
    Path root = dir.resolve("photos");
    List<String> names = new ArrayList<>(ShardCorpora.COLOUR_PHOTOS);
    names.addAll(ShardCorpora.GREY_PHOTOS);
    int n = 0;
    for (String name : names) {
      BufferedImage img = new BufferedImage(160 + 10 * n, 120 + 7 * n, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < img.getHeight(); y++) {
        for (int x = 0; x < img.getWidth(); x++) {
          img.setRGB(x, y, (x * 3 + n * 20) % 256 << 16 | (y * 5) % 256 << 8 | (x + y + n) % 256);
        }
      }
      Path file = root.resolve(name);
      Files.createDirectories(file.getParent());
      ImageIO.write(img, name.endsWith(".jpg") ? "jpg" : "png", file.toFile());
      n++;
    }
    return root;
  }
}
