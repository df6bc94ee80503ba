package dev.dgmspark.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tests {@link FaceRenderer}: every attribute changes the pixels where it should and nowhere else.
 *
 * <p>Faces are built by hand with a centred, upright head, no lighting and a plain background, so regions can be
 * named in the renderer's 64-unit design space (head centre at (32, 35)) and rendered at 64x64, one pixel per unit.
 */
class SynthRendererTest {

  private static final int SIZE = 64;
  private static final FaceRenderer RENDERER = new FaceRenderer();

  /** Eyes band (y 28..37) from temple to temple. */
  private static final Region EYES = new Region(14, 28, 50, 37);
  /** Above the forehead, where a hat sits; a cap's visor reaches down to the eyebrows. */
  private static final Region HAT_AREA = new Region(14, 4, 50, 29);
  /** Around the mouth. */
  private static final Region MOUTH = new Region(25, 42, 39, 50);
  /** A cheek: skin only. */
  private static final Region CHEEK = new Region(37, 38, 41, 41);
  /** Top of the head: hair only (without a hat). */
  private static final Region CROWN = new Region(28, 17, 36, 22);
  /** Hair beside the temple, below a hat's edge. */
  private static final Region SIDE_HAIR = new Region(44, 30, 47, 33);

  private static FaceSpec neutral() {
    Map<FaceAttribute, String> attributes = new EnumMap<>(FaceAttribute.class);
    attributes.put(FaceAttribute.SKIN_TONE, "medium");
    attributes.put(FaceAttribute.HAIR_COLOR, "brown");
    attributes.put(FaceAttribute.GLASSES, "no");
    attributes.put(FaceAttribute.HAT, "no");
    attributes.put(FaceAttribute.SMILE, "no");
    return new FaceSpec(attributes, new FaceSpec.Pose(0, 0), new FaceSpec.Placement(0, 0, 1),
        new FaceSpec.Lighting(0, 0), new FaceSpec.Background(0xC8D0D8, 0xB8C0C8, FaceSpec.Pattern.PLAIN, 0),
        new FaceSpec.Style(FaceSpec.HairStyle.SHORT, FaceSpec.HatStyle.CAP, 0x2F5DD0, 0x101010, 0x808080, 0, 0));
  }

  @Test
  void rendersRgbPicturesOfTheRequestedSize() {
    for (int size : new int[] {FaceRenderer.MIN_SIZE, SIZE, FaceRenderer.MAX_SIZE}) {
      BufferedImage image = RENDERER.render(FaceSampler.sample(1, 2, TargetShares.defaults()), size);
      assertEquals(size, image.getWidth());
      assertEquals(size, image.getHeight());
      assertEquals(BufferedImage.TYPE_3BYTE_BGR, image.getType());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RENDERER.render(neutral(), 27));
    assertTrue(e.getMessage().contains("27") && e.getMessage().contains("[28, 256]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RENDERER.render(neutral(), 257));
  }

  @Test
  void sameSpecGivesTheSamePixels() {
    FaceSpec spec = FaceSampler.sample(5, 9, TargetShares.defaults());
    assertArrayEquals(pixels(RENDERER.render(spec, SIZE)), pixels(RENDERER.render(spec, SIZE)));
  }

  @Test
  void glassesAreDrawnOverTheEyesOnly() {
    assertAttributeChangesOnly(neutral(), FaceAttribute.GLASSES, "yes", EYES);
  }

  @Test
  void hatIsDrawnOnTopOfTheHeadOnly() {
    FaceSpec neutral = neutral();
    assertAttributeChangesOnly(neutral, FaceAttribute.HAT, "yes", HAT_AREA);
    FaceSpec beanie = new FaceSpec(neutral.attributes(), neutral.pose(), neutral.placement(), neutral.lighting(),
        neutral.background(), new FaceSpec.Style(FaceSpec.HairStyle.LONG, FaceSpec.HatStyle.BEANIE, 0x2E9B4F,
            0x101010, 0x808080, 0, 0));
    assertAttributeChangesOnly(beanie, FaceAttribute.HAT, "yes", HAT_AREA);
  }

  @Test
  void smileChangesTheMouthOnly() {
    assertAttributeChangesOnly(neutral(), FaceAttribute.SMILE, "yes", MOUTH);
  }

  @Test
  void skinTonesAreClearlyDistinct() {
    double light = brightness(mean(RENDERER.render(neutral().with(FaceAttribute.SKIN_TONE, "light"), SIZE), CHEEK));
    double medium = brightness(mean(RENDERER.render(neutral(), SIZE), CHEEK));
    double dark = brightness(mean(RENDERER.render(neutral().with(FaceAttribute.SKIN_TONE, "dark"), SIZE), CHEEK));
    assertTrue(light > medium + 40 && medium > dark + 40, light + " " + medium + " " + dark);
  }

  @Test
  void hairColoursAreClearlyDistinctWithAndWithoutAHat() {
    List<String> colours = FaceAttribute.HAIR_COLOR.valueNames();
    double[][] crown = new double[colours.size()][];
    double[][] sideUnderHat = new double[colours.size()][];
    for (int i = 0; i < colours.size(); i++) {
      FaceSpec spec = neutral().with(FaceAttribute.HAIR_COLOR, colours.get(i));
      crown[i] = mean(RENDERER.render(spec, SIZE), CROWN);
      sideUnderHat[i] = mean(RENDERER.render(spec.with(FaceAttribute.HAT, "yes"), SIZE), SIDE_HAIR);
    }
    for (int i = 0; i < colours.size(); i++) {
      for (int j = i + 1; j < colours.size(); j++) {
        String pair = colours.get(i) + " vs " + colours.get(j);
        assertTrue(distance(crown[i], crown[j]) > 40, pair + " on the crown: " + distance(crown[i], crown[j]));
        assertTrue(distance(sideUnderHat[i], sideUnderHat[j]) > 25,
            pair + " beside a hat: " + distance(sideUnderHat[i], sideUnderHat[j]));
      }
    }
  }

  /**
   * Asserts that setting {@code attribute} to {@code value} changes the pixels inside {@code region} a lot (mean
   * absolute difference per channel above 12 of 255) and leaves every pixel outside it unchanged.
   */
  private static void assertAttributeChangesOnly(FaceSpec base, FaceAttribute attribute, String value,
      Region region) {
    int[] before = pixels(RENDERER.render(base, SIZE));
    int[] after = pixels(RENDERER.render(base.with(attribute, value), SIZE));
    double inside = 0;
    int insideCount = 0;
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        int i = y * SIZE + x;
        if (region.contains(x, y)) {
          inside += channelDifference(before[i], after[i]);
          insideCount++;
        } else {
          assertEquals(before[i], after[i], attribute.attributeName() + " changed pixel (" + x + ", " + y + ")");
        }
      }
    }
    double meanDifference = inside / insideCount / 3;
    assertTrue(meanDifference > 12, attribute.attributeName() + " mean difference " + meanDifference);
  }

  private static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }

  private static int channelDifference(int a, int b) {
    return Math.abs(((a >> 16) & 0xFF) - ((b >> 16) & 0xFF)) + Math.abs(((a >> 8) & 0xFF) - ((b >> 8) & 0xFF))
        + Math.abs((a & 0xFF) - (b & 0xFF));
  }

  private static double[] mean(BufferedImage image, Region region) {
    double[] sum = new double[3];
    int n = 0;
    for (int y = region.y0; y <= region.y1; y++) {
      for (int x = region.x0; x <= region.x1; x++) {
        int rgb = image.getRGB(x, y);
        sum[0] += (rgb >> 16) & 0xFF;
        sum[1] += (rgb >> 8) & 0xFF;
        sum[2] += rgb & 0xFF;
        n++;
      }
    }
    return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
  }

  private static double brightness(double[] rgb) {
    return (rgb[0] + rgb[1] + rgb[2]) / 3;
  }

  private static double distance(double[] a, double[] b) {
    return Math.sqrt(Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
  }

  /** An inclusive pixel rectangle. */
  private record Region(int x0, int y0, int x1, int y1) {
    boolean contains(int x, int y) {
      return x >= x0 && x <= x1 && y >= y0 && y <= y1;
    }
  }
}
