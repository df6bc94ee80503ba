package dev.dgmspark.synth;

import dev.dgmspark.common.Seeds;
import java.awt.Color;
import java.util.EnumMap;
import java.util.SplittableRandom;

/**
 * Draws one {@link FaceSpec} from a seed and an image index, deterministically.
 *
 * <p>The random stream depends on {@code (seed, index)} only, so faces can be generated in any order, on any thread
 * or executor, and stay identical. Attributes are drawn first, one uniform number each, then the nuisance parts, and
 * every draw happens whatever the attribute values are. So two datasets with the same seed but different shares
 * differ only where an attribute value flips: pose, lighting, background and style stay the same for each index.
 */
public final class FaceSampler {

  /** Saturated hat colours, far from every hair colour so a hat is never mistaken for hair. */
  private static final int[] HAT_COLOURS = {0x2F5DD0, 0x2E9B4F, 0x8A3FB8, 0x149C9C, 0xD0307E};

  /** Dark frame colours: glasses must read as dark frames over the eyes. */
  private static final int[] FRAME_COLOURS = {0x101010, 0x3A2414, 0x1A2448};

  private FaceSampler() {}

  /**
   * Returns the face for image {@code index} of the dataset with {@code seed}, its attributes drawn with
   * {@code shares}.
   */
  public static FaceSpec sample(long seed, long index, TargetShares shares) {
    SplittableRandom random = new SplittableRandom(imageSeed(seed, index));

    EnumMap<FaceAttribute, String> attributes = new EnumMap<>(FaceAttribute.class);
    for (FaceAttribute attribute : FaceAttribute.all()) {
      attributes.put(attribute, attribute.valueName(shares.sampleIndex(attribute, random.nextDouble())));
    }

    FaceSpec.Pose pose = new FaceSpec.Pose(uniform(random, -1, 1), uniform(random, -12, 12));
    FaceSpec.Placement placement =
        new FaceSpec.Placement(uniform(random, -3, 3), uniform(random, -2.5, 2.5), uniform(random, 0.86, 1.06));
    FaceSpec.Lighting lighting =
        new FaceSpec.Lighting(uniform(random, 0, 2 * Math.PI), uniform(random, 0.05, 0.28));

    float backgroundHue = (float) random.nextDouble();
    float backgroundSaturation = (float) uniform(random, 0.08, 0.35);
    float backgroundBrightness = (float) uniform(random, 0.62, 0.95);
    int baseRgb = hsb(backgroundHue, backgroundSaturation, backgroundBrightness);
    // The pattern is a slightly darker or lighter version of the base so it adds texture without hiding the head.
    float patternShift = random.nextBoolean() ? 0.09f : -0.09f;
    int patternRgb = hsb(backgroundHue, backgroundSaturation, clamp(backgroundBrightness + patternShift));
    FaceSpec.Pattern pattern = pick(random, FaceSpec.Pattern.values());
    FaceSpec.Background background = new FaceSpec.Background(baseRgb, patternRgb, pattern, random.nextDouble());

    FaceSpec.HairStyle hairStyle = pick(random, FaceSpec.HairStyle.values());
    FaceSpec.HatStyle hatStyle = pick(random, FaceSpec.HatStyle.values());
    int hatRgb = HAT_COLOURS[random.nextInt(HAT_COLOURS.length)];
    int frameRgb = FRAME_COLOURS[random.nextInt(FRAME_COLOURS.length)];
    int shirtRgb = hsb((float) random.nextDouble(), (float) uniform(random, 0.3, 0.7),
        (float) uniform(random, 0.35, 0.8));
    FaceSpec.Style style = new FaceSpec.Style(hairStyle, hatStyle, hatRgb, frameRgb, shirtRgb,
        uniform(random, -1, 1), uniform(random, -1, 1));

    return new FaceSpec(attributes, pose, placement, lighting, background, style);
  }

  /**
   * Returns the random seed of image {@code index}: stream {@code index + 1} of the dataset seed, so neighbouring
   * indices and neighbouring dataset seeds give unrelated streams.
   */
  static long imageSeed(long seed, long index) {
    return Seeds.stream(seed, index + 1);
  }

  private static double uniform(SplittableRandom random, double min, double max) {
    return min + (max - min) * random.nextDouble();
  }

  private static <T> T pick(SplittableRandom random, T[] options) {
    return options[random.nextInt(options.length)];
  }

  private static int hsb(float hue, float saturation, float brightness) {
    return Color.HSBtoRGB(hue, saturation, brightness) & 0xFFFFFF;
  }

  private static float clamp(float value) {
    return Math.max(0f, Math.min(1f, value));
  }
}
