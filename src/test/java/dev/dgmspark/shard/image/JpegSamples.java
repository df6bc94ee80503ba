package dev.dgmspark.shard.image;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Photo-like JPEGs for the DCT-domain decoder's tests, and the full-decode reference they are compared with. */
final class JpegSamples {
  private JpegSamples() {}

  /** A seeded scene with sensor-like noise (sigma 3 levels), so that every block has high-frequency content. */
  static BufferedImage noisyScene(int w, int h, long seed) {
    BufferedImage img = ImageFixtures.scene(w, h, seed);
    Random r = new Random(seed);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int c = img.getRGB(x, y);
        int red = clamp(((c >> 16) & 0xFF) + r.nextGaussian() * 3);
        int green = clamp(((c >> 8) & 0xFF) + r.nextGaussian() * 3);
        int blue = clamp((c & 0xFF) + r.nextGaussian() * 3);
        img.setRGB(x, y, red << 16 | green << 8 | blue);
      }
    }
    return img;
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  /** A JPEG from the JDK's writer at {@code quality}, with a restart interval of {@code restart} MCUs if positive. */
  static byte[] jpeg(BufferedImage img, float quality, int restart) {
    ImageWriter writer = dev.dgmspark.io.ImagePlugins.jdkWriter("jpeg");
    try {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
      if (restart > 0) {
        String format = "javax_imageio_jpeg_image_1.0";
        Element root = (Element) metadata.getAsTree(format);
        Node sequence = root.getElementsByTagName("markerSequence").item(0);
        Element dri = new javax.imageio.metadata.IIOMetadataNode("dri");
        dri.setAttribute("interval", Integer.toString(restart));
        sequence.insertBefore(dri, sequence.getFirstChild());
        metadata.setFromTree(format, root);
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
        writer.setOutput(out);
        writer.write(null, new IIOImage(img, null, metadata), param);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
  }

  /**
   * The reference for a downscale: the JDK's full decode of the centred square, converted and area-averaged to
   * {@code size} by {@link ImageResizer} (what the decoder did before, minus its subsampling).
   */
  static ByteImage fullDecodeThenResize(byte[] jpeg, int size, int channels) {
    ImageReader reader = dev.dgmspark.io.ImagePlugins.jdkReader("jpeg");
    try {
      reader.setInput(new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg)), true, true);
      int w = reader.getWidth(0);
      int h = reader.getHeight(0);
      int side = Math.min(w, h);
      ImageReadParam param = reader.getDefaultReadParam();
      param.setSourceRegion(new Rectangle((w - side) / 2, (h - side) / 2, side, side));
      BufferedImage img = reader.read(0, param);
      return ImageResizer.resize(ByteImageConverter.convert(img, channels), size);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      reader.dispose();
    }
  }

  /** The warnings ImageIO's JPEG reader gives for {@code jpeg}; an exception's message counts as one. */
  static List<String> imageIoWarnings(byte[] jpeg) {
    ImageReader reader = dev.dgmspark.io.ImagePlugins.jdkReader("jpeg");
    List<String> warnings = new ArrayList<>();
    reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
    try {
      reader.setInput(new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg)), true, true);
      reader.read(0);
    } catch (IOException | RuntimeException e) {
      warnings.add("exception: " + e);
    } finally {
      reader.dispose();
    }
    return warnings;
  }

  /** Mean and largest absolute sample difference of two images of the same shape. */
  static double[] difference(ByteImage a, ByteImage b) {
    if (a.data().length != b.data().length) {
      throw new IllegalArgumentException("shapes differ");
    }
    long sum = 0;
    int max = 0;
    for (int i = 0; i < a.data().length; i++) {
      int d = Math.abs((a.data()[i] & 0xFF) - (b.data()[i] & 0xFF));
      sum += d;
      max = Math.max(max, d);
    }
    return new double[] {sum / (double) a.data().length, max};
  }

  /** Offset of the first byte of entropy-coded data (after the SOS segment). */
  static int scanData(byte[] jpeg) {
    int sos = ImageFixtures.segmentOffset(jpeg, 0xDA);
    return sos + 2 + ((jpeg[sos + 2] & 0xFF) << 8 | (jpeg[sos + 3] & 0xFF));
  }

  /** {@code jpeg} with {@code segment} (marker, length and data) inserted right after SOI. */
  static byte[] withSegmentAfterSoi(byte[] jpeg, int marker, byte[] data) {
    byte[] segment = new byte[4 + data.length];
    segment[0] = (byte) 0xFF;
    segment[1] = (byte) marker;
    segment[2] = (byte) ((data.length + 2) >> 8);
    segment[3] = (byte) (data.length + 2);
    System.arraycopy(data, 0, segment, 4, data.length);
    return ImageFixtures.concat(java.util.Arrays.copyOf(jpeg, 2), segment,
        java.util.Arrays.copyOfRange(jpeg, 2, jpeg.length));
  }
}
