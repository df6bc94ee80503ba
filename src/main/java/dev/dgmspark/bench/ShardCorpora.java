package dev.dgmspark.bench;

import dev.dgmspark.common.Seeds;
import dev.dgmspark.io.ImagePlugins;
import dev.dgmspark.io.Json;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The shard benchmark's image folders that the project does not render itself, written with ImageIO from the sample
 * photographs that Debian's {@code python3-skimage} and {@code python3-sklearn} packages ship.
 *
 * <p>Both corpora are seeded and deterministic: the same photographs, count and seed give the same files. Beside a
 * folder {@code F} lies {@code F.corpus.json} describing what made it (outside the folder, so that the shard job does
 * not count it as an input), and a benchmark run reuses a folder made with the same parameters and rewrites any
 * other.
 *
 * <ul>
 *   <li>{@link #writeSmallMixed small mixed}: 64x64 images in nested folders, two thirds PNG and one third JPEG
 *       (ImageIO's default quality), cut from the photographs at random positions and scales, one in five a seeded
 *       texture instead; about 2% oddities: grey, 16-bit grey, palette and RGBA PNGs and grey JPEGs.
 *   <li>{@link #writeCamera camera}: 640x480 and 1024x768 JPEGs (quality 0.9, ImageIO's 4:2:0 chroma), each a
 *       random 4:3 crop of a photograph scaled to size with mild seeded sensor noise, in camera-like folders.
 * </ul>
 */
public final class ShardCorpora {
  /** Colour photographs, each name under one of the search roots' known sub-folders. */
  static final List<String> COLOUR_PHOTOS = List.of("skimage/data/astronaut.png", "skimage/data/coffee.png",
      "skimage/data/chelsea.png", "skimage/data/motorcycle_left.png", "skimage/data/motorcycle_right.png",
      "skimage/data/rocket.jpg", "skimage/data/hubble_deep_field.jpg", "skimage/data/retina.jpg",
      "skimage/data/ihc.png", "sklearn/datasets/images/china.jpg", "sklearn/datasets/images/flower.jpg");
  /** Grey photographs, for the grey oddities. */
  static final List<String> GREY_PHOTOS = List.of("skimage/data/camera.png", "skimage/data/gravel.png",
      "skimage/data/brick.png", "skimage/data/grass.png", "skimage/data/moon.png", "skimage/data/coins.png");
  /** Where the photographs live once {@code python3-skimage} and {@code python3-sklearn} are installed. */
  public static final Path DEBIAN_ROOT = Path.of("/usr/lib/python3/dist-packages");

  private static final String MARKER_SUFFIX = ".corpus.json";

  private ShardCorpora() {}

  /** The decoded sample photographs. */
  public record Photos(List<Path> colourFiles, List<BufferedImage> colour, List<BufferedImage> grey) {}

  /**
   * Loads the sample photographs from the first of {@code roots} (each a {@code dist-packages} folder) that holds
   * them all.
   *
   * @throws IllegalStateException naming the missing files and how to get them, when no root holds them all
   */
  public static Photos loadPhotos(List<Path> roots) throws IOException {
    List<String> all = new ArrayList<>(COLOUR_PHOTOS);
    all.addAll(GREY_PHOTOS);
    List<String> report = new ArrayList<>();
    for (Path root : roots) {
      List<String> missing = all.stream().filter(name -> !Files.isRegularFile(root.resolve(name))).toList();
      if (missing.isEmpty()) {
        List<Path> colourFiles = COLOUR_PHOTOS.stream().map(root::resolve).toList();
        List<BufferedImage> colour = new ArrayList<>();
        for (Path file : colourFiles) {
          colour.add(toRgb(read(file)));
        }
        List<BufferedImage> grey = new ArrayList<>();
        for (String name : GREY_PHOTOS) {
          grey.add(toGrey(read(root.resolve(name))));
        }
        return new Photos(colourFiles, colour, grey);
      }
      report.add(root + " (missing " + missing.size() + " of " + all.size() + ", e.g. " + missing.get(0) + ")");
    }
    throw new IllegalStateException("The sample photographs for the shard benchmark are missing: looked in "
        + String.join("; ", report) + ". Install them with `apt-get install python3-skimage python3-sklearn`, or "
        + "without installing: `apt-get download python3-skimage python3-sklearn` and `dpkg -x` each .deb into DIR, "
        + "then set BENCH_PHOTOS=DIR/usr/lib/python3/dist-packages (scripts/bench-shard does the latter by itself).");
  }

  /**
   * Writes (or reuses) the small mixed corpus of {@code count} files under {@code folder}.
   *
   * @return the folder
   */
  public static Path writeSmallMixed(Path folder, int count, long seed, Photos photos) throws IOException {
    String[] groups = {"street", "studio", "field", "archive"};
    return writeCorpus(folder, "small-mixed/1", count, seed, photos, (i, rnd, encoders) -> {
      String dir = groups[rnd.nextInt(groups.length)] + "/batch-" + String.format(Locale.ROOT, "%02d",
          rnd.nextInt(12)) + (rnd.nextInt(4) == 0 ? "/extra" : "");
      BufferedImage rgb = rnd.nextInt(5) == 0 ? texture(64, rnd) : crop(photos.colour(), 64, 64, rnd);
      double kind = rnd.nextDouble();
      String name;
      byte[] bytes;
      if (kind < 0.004) {
        name = "grey.png";
        bytes = encoders.png(toGrey(crop(photos.grey(), 64, 64, rnd)));
      } else if (kind < 0.008) {
        name = "grey16.png";
        bytes = encoders.png(grey16(crop(photos.grey(), 64, 64, rnd)));
      } else if (kind < 0.012) {
        name = "palette.png";
        bytes = encoders.png(palette(rgb));
      } else if (kind < 0.016) {
        name = "rgba.png";
        bytes = encoders.png(rgba(rgb, rnd));
      } else if (kind < 0.020) {
        name = "grey.jpg";
        bytes = encoders.jpeg(toGrey(crop(photos.grey(), 64, 64, rnd)), -1);
      } else if (rnd.nextInt(3) < 2) {
        name = "png";
        bytes = encoders.png(rgb);
      } else {
        name = "jpg";
        bytes = encoders.jpeg(rgb, -1);
      }
      return new CorpusFile(String.format(Locale.ROOT, "%s/img-%06d.%s", dir, i, name), bytes);
    });
  }

  /**
   * Writes (or reuses) the camera corpus of {@code count} JPEGs, alternately 640x480 and 1024x768, under
   * {@code folder}.
   *
   * @return the folder
   */
  public static Path writeCamera(Path folder, int count, long seed, Photos photos) throws IOException {
    return writeCorpus(folder, "camera/1", count, seed, photos, (i, rnd, encoders) -> {
      boolean large = i % 2 == 1;
      BufferedImage photo = crop(photos.colour(), large ? 1024 : 640, large ? 768 : 480, rnd);
      addNoise(photo, 2.5, rnd);
      return new CorpusFile(String.format(Locale.ROOT, "DCIM/%03dCAM/IMG_%04d.JPG", 100 + i / 250, i % 10000),
          encoders.jpeg(photo, 0.9f));
    });
  }

  /** One file of a corpus: its path under the corpus folder and its bytes. */
  private record CorpusFile(String relative, byte[] bytes) {}

  /** Makes file {@code i} of a corpus from its own seeded random stream. */
  private interface FileMaker {
    CorpusFile make(int i, SplittableRandom rnd, Encoders encoders);
  }

  private static Path writeCorpus(Path folder, String kind, int count, long seed, Photos photos, FileMaker maker)
      throws IOException {
    Map<String, Object> recipe = recipe(kind, count, seed, photos);
    if (reusable(folder, recipe)) {
      return folder;
    }
    prepare(folder);
    Encoders encoders = new Encoders();
    for (int i = 0; i < count; i++) {
      CorpusFile file = maker.make(i, new SplittableRandom(Seeds.stream(seed, i + 1)), encoders);
      Path target = folder.resolve(file.relative());
      Files.createDirectories(target.getParent());
      Files.write(target, file.bytes());
    }
    encoders.close();
    Files.write(marker(folder), Json.pretty(recipe));
    return folder;
  }

  /** The image files of a folder, sorted: every regular file but an attributes CSV. */
  public static List<Path> imageFiles(Path folder) throws IOException {
    try (var walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().endsWith(".csv"))
          .sorted().toList();
    }
  }

  private static Path marker(Path folder) {
    return folder.resolveSibling(folder.getFileName() + MARKER_SUFFIX);
  }

  private static Map<String, Object> recipe(String kind, int count, long seed, Photos photos) throws IOException {
    Map<String, Object> recipe = new LinkedHashMap<>();
    recipe.put("corpus", kind);
    recipe.put("count", count);
    recipe.put("seed", seed);
    long photoBytes = 0;
    for (Path p : photos.colourFiles()) {
      photoBytes += Files.size(p);
    }
    recipe.put("colour_photo_bytes", photoBytes);
    recipe.put("java", System.getProperty("java.version"));
    return recipe;
  }

  private static boolean reusable(Path folder, Map<String, Object> recipe) throws IOException {
    Path marker = marker(folder);
    return Files.isDirectory(folder) && Files.isRegularFile(marker)
        && Arrays.equals(Files.readAllBytes(marker), Json.pretty(recipe));
  }

  private static void prepare(Path folder) throws IOException {
    Files.deleteIfExists(marker(folder));
    if (Files.exists(folder)) {
      try (var walk = Files.walk(folder)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(folder);
  }

  /** A {@code w} x {@code h} cut of a random photograph: random aspect-preserving scale and position. */
  static BufferedImage crop(List<BufferedImage> photos, int w, int h, SplittableRandom rnd) {
    BufferedImage src = photos.get(rnd.nextInt(photos.size()));
    // The largest w:h window that fits, then a random 35..100% of it.
    double fit = Math.min((double) src.getWidth() / w, (double) src.getHeight() / h);
    double window = fit * (0.35 + 0.65 * rnd.nextDouble());
    double cw = w * window;
    double ch = h * window;
    double x0 = rnd.nextDouble() * (src.getWidth() - cw);
    double y0 = rnd.nextDouble() * (src.getHeight() - ch);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, window < 1 ? RenderingHints.VALUE_INTERPOLATION_BICUBIC
        : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    AffineTransform t = AffineTransform.getScaleInstance(1 / window, 1 / window);
    t.translate(-x0, -y0);
    g.drawImage(src, t, null);
    g.dispose();
    return out;
  }

  /** A seeded texture: smooth value noise in two random colours, with random stripes on some. */
  static BufferedImage texture(int side, SplittableRandom rnd) {
    int grid = 2 + rnd.nextInt(7);
    double[][] v = new double[grid + 1][grid + 1];
    for (double[] row : v) {
      for (int j = 0; j < row.length; j++) {
        row[j] = rnd.nextDouble();
      }
    }
    Color a = new Color(rnd.nextInt(1 << 24));
    Color b = new Color(rnd.nextInt(1 << 24));
    int stripes = rnd.nextInt(3) == 0 ? 2 + rnd.nextInt(10) : 0;
    BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        double gx = (double) x / side * grid;
        double gy = (double) y / side * grid;
        int ix = (int) gx;
        int iy = (int) gy;
        double fx = smooth(gx - ix);
        double fy = smooth(gy - iy);
        double t = lerp(lerp(v[iy][ix], v[iy][ix + 1], fx), lerp(v[iy + 1][ix], v[iy + 1][ix + 1], fx), fy);
        if (stripes > 0 && ((x + y) * stripes / side) % 2 == 0) {
          t = 1 - t;
        }
        int r = (int) Math.round(lerp(a.getRed(), b.getRed(), t));
        int g = (int) Math.round(lerp(a.getGreen(), b.getGreen(), t));
        int bl = (int) Math.round(lerp(a.getBlue(), b.getBlue(), t));
        out.setRGB(x, y, r << 16 | g << 8 | bl);
      }
    }
    return out;
  }

  private static double smooth(double t) {
    return t * t * (3 - 2 * t);
  }

  private static double lerp(double a, double b, double t) {
    return a + (b - a) * t;
  }

  /** Adds seeded Gaussian noise of {@code sigma} levels to every sample, as a camera sensor would. */
  static void addNoise(BufferedImage img, double sigma, SplittableRandom rnd) {
    int w = img.getWidth();
    int[] row = new int[w];
    for (int y = 0; y < img.getHeight(); y++) {
      img.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int c = row[x];
        int r = clamp(((c >> 16) & 0xFF) + gaussian(rnd) * sigma);
        int g = clamp(((c >> 8) & 0xFF) + gaussian(rnd) * sigma);
        int b = clamp((c & 0xFF) + gaussian(rnd) * sigma);
        row[x] = r << 16 | g << 8 | b;
      }
      img.setRGB(0, y, w, 1, row, 0, w);
    }
  }

  /** A standard normal draw (Box-Muller, one of the pair). */
  private static double gaussian(SplittableRandom rnd) {
    double u = 1 - rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  static BufferedImage toRgb(BufferedImage src) {
    BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(src, 0, 0, null);
    g.dispose();
    return out;
  }

  /** Grey by Rec. 601 luma from the raster (Graphics2D would treat the grey colour space as linear). */
  static BufferedImage toGrey(BufferedImage src) {
    BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = out.getRaster();
    boolean grey = src.getRaster().getNumBands() == 1;
    for (int y = 0; y < src.getHeight(); y++) {
      for (int x = 0; x < src.getWidth(); x++) {
        int v;
        if (grey) {
          v = src.getRaster().getSample(x, y, 0);
        } else {
          int c = src.getRGB(x, y);
          v = (299 * ((c >> 16) & 0xFF) + 587 * ((c >> 8) & 0xFF) + 114 * (c & 0xFF) + 500) / 1000;
        }
        raster.setSample(x, y, 0, v);
      }
    }
    return out;
  }

  private static BufferedImage grey16(BufferedImage grey) {
    BufferedImage out = new BufferedImage(grey.getWidth(), grey.getHeight(), BufferedImage.TYPE_USHORT_GRAY);
    for (int y = 0; y < grey.getHeight(); y++) {
      for (int x = 0; x < grey.getWidth(); x++) {
        out.getRaster().setSample(x, y, 0, grey.getRaster().getSample(x, y, 0) * 257);
      }
    }
    return out;
  }

  private static BufferedImage palette(BufferedImage rgb) {
    BufferedImage out = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_BYTE_INDEXED);
    Graphics2D g = out.createGraphics();
    g.drawImage(rgb, 0, 0, null);
    g.dispose();
    return out;
  }

  private static BufferedImage rgba(BufferedImage rgb, SplittableRandom rnd) {
    BufferedImage out = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(rgb, 0, 0, null);
    g.setComposite(AlphaComposite.Clear);
    int side = 8 + rnd.nextInt(24);
    g.fillOval(rnd.nextInt(rgb.getWidth() - side), rnd.nextInt(rgb.getHeight() - side), side, side);
    g.dispose();
    return out;
  }

  private static BufferedImage read(Path file) throws IOException {
    BufferedImage img = ImageIO.read(file.toFile());
    if (img == null) {
      throw new IOException("ImageIO cannot read " + file);
    }
    return img;
  }

  /** ImageIO's PNG and JPEG writers, as another program would call them. */
  private static final class Encoders {
    private final ImageWriter jpeg = ImagePlugins.jdkWriter("jpeg");

    byte[] png(BufferedImage img) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        if (!ImageIO.write(img, "png", out)) {
          throw new IllegalStateException("no PNG writer for " + img);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    }

    /** JPEG at {@code quality}, or at the writer's default (0.75) when negative. */
    byte[] jpeg(BufferedImage img, float quality) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageWriteParam param = jpeg.getDefaultWriteParam();
      if (quality >= 0) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
      }
      try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
        jpeg.setOutput(stream);
        jpeg.write(null, new IIOImage(img, null, null), param);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        jpeg.setOutput(null);
      }
      return out.toByteArray();
    }

    void close() {
      jpeg.dispose();
    }
  }
}
