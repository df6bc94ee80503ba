package dev.dgmspark.synth;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * One synthetic face: its attribute values plus the nuisance variation that makes pictures differ when attributes
 * agree.
 *
 * <p>Nuisance parts are in the renderer's 64-unit design space (the picture is scaled to the requested size), so the
 * same spec gives the same face at every size.
 *
 * @param attributes one value per {@link FaceAttribute}, each an allowed value name
 * @param pose where the head looks
 * @param placement where the head sits in the picture and how big it is
 * @param lighting a directional light over the whole picture
 * @param background the colour and pattern behind the head
 * @param style the look that no attribute controls (hair cut, hat shape and colour, shirt, shades)
 */
public record FaceSpec(Map<FaceAttribute, String> attributes, Pose pose, Placement placement, Lighting lighting,
    Background background, Style style) {

  /** Validates and freezes the attribute map, so a spec cannot hold a value the CSV would reject. */
  public FaceSpec {
    EnumMap<FaceAttribute, String> copy = new EnumMap<>(FaceAttribute.class);
    copy.putAll(attributes);
    for (FaceAttribute attribute : FaceAttribute.all()) {
      String value = copy.get(attribute);
      if (value == null) {
        throw new IllegalArgumentException("face spec has no value for attribute '" + attribute.attributeName()
            + "'; allowed: " + String.join(", ", attribute.valueNames()));
      }
      attribute.valueIndex(value);
    }
    attributes = Collections.unmodifiableMap(copy);
    if (pose == null || placement == null || lighting == null || background == null || style == null) {
      throw new IllegalArgumentException("face spec needs pose, placement, lighting, background and style");
    }
  }

  /** Returns the value of {@code attribute}. */
  public String value(FaceAttribute attribute) {
    return attributes.get(attribute);
  }

  /** Returns whether a yes/no attribute such as {@link FaceAttribute#GLASSES} is {@code yes}. */
  public boolean has(FaceAttribute attribute) {
    return FaceAttribute.YES.equals(attributes.get(attribute));
  }

  /** Returns a copy with {@code attribute} set to {@code value} and everything else unchanged (a counterfactual). */
  public FaceSpec with(FaceAttribute attribute, String value) {
    EnumMap<FaceAttribute, String> copy = new EnumMap<>(attributes);
    copy.put(attribute, value);
    return new FaceSpec(copy, pose, placement, lighting, background, style);
  }

  private static void checkRange(String name, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "%s %s is out of range; allowed: [%s, %s]", name,
          value, min, max));
    }
  }

  /**
   * Where the head looks.
   *
   * @param yaw turn to the side in [-1, 1]: features shift sideways and the far eye narrows; 0 faces the viewer
   * @param rollDegrees tilt of the whole head in [-20, 20] degrees
   */
  public record Pose(double yaw, double rollDegrees) {
    public Pose {
      checkRange("yaw", yaw, -1, 1);
      checkRange("rollDegrees", rollDegrees, -20, 20);
    }
  }

  /**
   * Where the head sits in the 64-unit picture and how big it is.
   *
   * @param dx horizontal offset of the head centre in [-6, 6] units
   * @param dy vertical offset of the head centre in [-6, 6] units
   * @param scale head size factor in [0.75, 1.15]
   */
  public record Placement(double dx, double dy, double scale) {
    public Placement {
      checkRange("dx", dx, -6, 6);
      checkRange("dy", dy, -6, 6);
      checkRange("scale", scale, 0.75, 1.15);
    }
  }

  /**
   * A directional light drawn as a gradient over the picture: brighter towards the light, darker away from it.
   *
   * @param angleRadians direction the light comes from, 0 = from the right, counter-clockwise on screen
   * @param intensity strength in [0, 0.5]; the alpha of the brightest and darkest ends of the gradient
   */
  public record Lighting(double angleRadians, double intensity) {
    public Lighting {
      checkRange("intensity", intensity, 0, 0.5);
    }
  }

  /** The kind of background pattern. */
  public enum Pattern { PLAIN, STRIPES, DOTS, CHECKS }

  /**
   * The colour and pattern behind the head.
   *
   * @param baseRgb 0xRRGGBB of the background
   * @param patternRgb 0xRRGGBB of the pattern drawn over it
   * @param pattern the pattern
   * @param phase pattern offset in [0, 1), so patterns do not always line up with the picture edge
   */
  public record Background(int baseRgb, int patternRgb, Pattern pattern, double phase) {
    public Background {
      if (pattern == null) {
        throw new IllegalArgumentException("background pattern is null; allowed: PLAIN, STRIPES, DOTS, CHECKS");
      }
      checkRange("phase", phase, 0, 1);
    }
  }

  /** The hair cut. */
  public enum HairStyle { SHORT, LONG, CURLY }

  /** The hat shape, used only when {@link FaceAttribute#HAT} is {@code yes}. */
  public enum HatStyle { CAP, BEANIE }

  /**
   * The look that no attribute controls; drawn for every face so attributes cannot be read off it.
   *
   * @param hairStyle the hair cut
   * @param hatStyle the hat shape (ignored without a hat)
   * @param hatRgb 0xRRGGBB of the hat (ignored without a hat)
   * @param frameRgb 0xRRGGBB of the glasses frame (ignored without glasses)
   * @param shirtRgb 0xRRGGBB of the shirt
   * @param skinShade brightness jitter of the skin within its tone, in [-1, 1]
   * @param hairShade brightness jitter of the hair within its colour, in [-1, 1]
   */
  public record Style(HairStyle hairStyle, HatStyle hatStyle, int hatRgb, int frameRgb, int shirtRgb,
      double skinShade, double hairShade) {
    public Style {
      if (hairStyle == null || hatStyle == null) {
        throw new IllegalArgumentException("style needs a hair style and a hat style");
      }
      checkRange("skinShade", skinShade, -1, 1);
      checkRange("hairShade", hairShade, -1, 1);
    }
  }
}
