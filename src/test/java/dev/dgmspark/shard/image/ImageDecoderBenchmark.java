package dev.dgmspark.shard.image;

import dev.dgmspark.io.ImagePlugins;
import dev.dgmspark.io.PngWriter;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throughput of {@link ImageDecoder} against a plain ImageIO loop on 2,000 synthetic 64x64 RGB PNGs.
 *
 * <p>Off by default; run with
 * {@code mvn -o test -Dtest=ImageDecoderBenchmark -Ddgm.bench=true}. Every variant runs in each of several
 * passes (interleaved, so machine noise hits all alike) and the best pass counts.
 */
@EnabledIfSystemProperty(named = "dgm.bench", matches = "true")
class ImageDecoderBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(ImageDecoderBenchmark.class);
  private static final int FILES = 2000;
  private static final int JPEGS = 500;
  private static final int PASSES = Integer.getInteger("dgm.bench.passes", 7);

  private interface Variant {
    long run(List<byte[]> files) throws Exception;
  }

  @Test
  void throughput() throws Exception {
    List<byte[]> files = new ArrayList<>(FILES);
    long bytes = 0;
    for (int i = 0; i < FILES; i++) {
      byte[] b = ImageFixtures.png(ImageFixtures.scene(64, 64, i));
      files.add(b);
      bytes += b.length;
    }
    LOG.info("{} synthetic 64x64 RGB PNGs, {} bytes on average", FILES, bytes / FILES);

    ImageDecoder rgb = new ImageDecoder();
    ImageDecoder grey = new ImageDecoder(DecodeOptions.defaults().withChannels(1));
    ImageDecoder at32 = new ImageDecoder(DecodeOptions.defaults().withSize(32));
    ImageReader reader = ImagePlugins.jdkReader("png");
    Map<String, Variant> variants = new LinkedHashMap<>();
    variants.put("(a) plain ImageIO.read loop", list -> {
      long sink = 0;
      for (byte[] b : list) {
        sink += ImageIO.read(new ByteArrayInputStream(b)).getWidth();
      }
      return sink;
    });
    variants.put("(b) ImageDecoder.decode, 64 RGB (passthrough)", list -> {
      long sink = 0;
      for (byte[] b : list) {
        sink += ((DecodeOutcome.Accepted) rgb.decode(b, null)).bytes().length;
      }
      return sink;
    });
    variants.put("    cached JDK reader + CRC walk (ImageIO passthrough check)", list -> {
      long sink = 0;
      for (byte[] b : list) {
        PngStructure.check(b, PngStructure.readHeader(b));
        reader.reset();
        reader.setInput(new MemoryCacheImageInputStream(new ByteArrayInputStream(b)), true, true);
        sink += reader.read(0).getWidth();
      }
      return sink;
    });
    variants.put("    ImageDecoder.decode, 64 grey (decode+convert+encode)", list -> {
      long sink = 0;
      for (byte[] b : list) {
        sink += ((DecodeOutcome.Accepted) grey.decode(b, null)).bytes().length;
      }
      return sink;
    });
    variants.put("    ImageDecoder.decode, 32 RGB (decode+resize+encode)", list -> {
      long sink = 0;
      for (byte[] b : list) {
        sink += ((DecodeOutcome.Accepted) at32.decode(b, null)).bytes().length;
      }
      return sink;
    });
    // CelebA-like sources: 178x218 JPEGs, which always take the decode+crop+resize+encode path.
    List<byte[]> jpegs = new ArrayList<>(JPEGS);
    for (int i = 0; i < JPEGS; i++) {
      jpegs.add(ImageFixtures.jpeg(ImageFixtures.scene(178, 218, 50_000 + i), false));
    }
    variants.put("(c) plain ImageIO.read loop, 178x218 JPEG", list -> {
      long sink = 0;
      for (byte[] b : jpegs) {
        sink += ImageIO.read(new ByteArrayInputStream(b)).getWidth();
      }
      return sink;
    });
    variants.put("(c) ImageDecoder.decode, 178x218 JPEG to 64 RGB", list -> {
      long sink = 0;
      for (byte[] b : jpegs) {
        sink += ((DecodeOutcome.Accepted) rgb.decode(b, null)).bytes().length;
      }
      return sink;
    });
    Map<String, Double> best = new LinkedHashMap<>();
    for (int pass = 0; pass < PASSES; pass++) {
      for (Map.Entry<String, Variant> v : variants.entrySet()) {
        long t0 = System.nanoTime();
        v.getValue().run(files);
        int count = v.getKey().startsWith("(c)") ? JPEGS : FILES;
        double rate = count / ((System.nanoTime() - t0) / 1e9);
        best.merge(v.getKey(), rate, Math::max);
      }
    }
    double twoThreads = twoThreads(files);
    double plain = best.get("(a) plain ImageIO.read loop");
    double plainJpeg = best.get("(c) plain ImageIO.read loop, 178x218 JPEG");
    best.forEach((k, v) -> LOG.info(String.format("%-62s %8.0f images/s  (%.2fx plain)", k, v,
        v / (k.startsWith("(c)") ? plainJpeg : plain))));
    LOG.info(String.format("%-62s %8.0f images/s  (%.2fx plain)", "(b) on 2 threads, one decoder each", twoThreads,
        twoThreads / plain));
    encoderLevels();
    rgb.close();
    grey.close();
    at32.close();
    reader.dispose();
    assertTrue(best.get("(b) ImageDecoder.decode, 64 RGB (passthrough)") > 0);
  }

  private static double twoThreads(List<byte[]> files) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    ThreadLocal<ImageDecoder> decoders = ThreadLocal.withInitial(ImageDecoder::new);
    double best = 0;
    try {
      for (int pass = 0; pass < PASSES; pass++) {
        long t0 = System.nanoTime();
        List<Future<Long>> parts = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          List<byte[]> half = files.subList(t * FILES / 2, (t + 1) * FILES / 2);
          parts.add(pool.submit(() -> {
            long sink = 0;
            for (byte[] b : half) {
              sink += ((DecodeOutcome.Accepted) decoders.get().decode(b, null)).bytes().length;
            }
            return sink;
          }));
        }
        for (Future<Long> f : parts) {
          f.get();
        }
        best = Math.max(best, FILES / ((System.nanoTime() - t0) / 1e9));
      }
    } finally {
      pool.shutdown();
    }
    return best;
  }

  /** Encoder speed and size per deflate level of the PNG writer. */
  private static void encoderLevels() {
    List<ByteImage> images = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      BufferedImage img = ImageFixtures.scene(64, 64, 10_000 + i);
      images.add(ByteImageConverter.convert(img, 3));
    }
    for (int level : new int[] {0, 1, 2, 4, 7, 9}) {
      PngWriter encoder = new PngWriter(level);
      double bestRate = 0;
      long size = 0;
      for (int pass = 0; pass < PASSES; pass++) {
        size = 0;
        long t0 = System.nanoTime();
        for (ByteImage p : images) {
          size += encoder.encode(p.toBufferedImage()).length;
        }
        bestRate = Math.max(bestRate, images.size() / ((System.nanoTime() - t0) / 1e9));
      }
      encoder.close();
      LOG.info(String.format("PNG writer level %d: %6.0f images/s, %5d bytes on average", level, bestRate,
          size / images.size()));
    }
  }

}
