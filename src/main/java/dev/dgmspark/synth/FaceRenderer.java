package dev.dgmspark.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Locale;

/**
 * Paints a {@link FaceSpec} as a simple cartoon face with Java2D.
 *
 * <p>Drawing happens in a 64x64-unit design space scaled to the requested size, so every size shows the same face.
 * Attributes are drawn large and in contrasting colours on purpose: at 64x64 a model (and a person checking a
 * contact sheet) must be able to tell them apart. The renderer is stateless and safe to share between threads.
 */
public final class FaceRenderer {

  /** The smallest supported picture side in pixels; below it the eyes and glasses merge. */
  public static final int MIN_SIZE = 28;

  /** The largest supported picture side in pixels. */
  public static final int MAX_SIZE = 256;

  /** The default picture side in pixels. */
  public static final int DEFAULT_SIZE = 64;

  private static final double UNITS = 64.0;
  private static final double HEAD_X = 32;
  private static final double HEAD_Y = 35;
  private static final double EYE_Y = -2.5;
  private static final double EYE_SPACING = 6.3;
  private static final double EYE_WIDTH = 5.2;
  private static final double MOUTH_Y = 10.5;

  private static final BasicStroke OUTLINE = new BasicStroke(0.8f);
  private static final BasicStroke THIN = new BasicStroke(0.55f);
  private static final BasicStroke BROW = new BasicStroke(1.4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  private static final BasicStroke MOUTH_LINE = new BasicStroke(1.3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  private static final BasicStroke FRAME = new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);

  private static final Color EYE_WHITE = new Color(0xF8F8F4);
  private static final Color PUPIL = new Color(0x22170F);
  private static final Color MOUTH_INSIDE = new Color(0x4A0C12);
  private static final Color TEETH = new Color(0xFAFAF6);
  private static final Color LENS = new Color(255, 255, 255, 90);

  /**
   * Returns a new {@code size x size} picture of {@code spec}, of type {@link BufferedImage#TYPE_3BYTE_BGR} (8-bit
   * RGB, which ImageIO encodes faster than {@code TYPE_INT_RGB}).
   *
   * @throws IllegalArgumentException if size is outside [{@value #MIN_SIZE}, {@value #MAX_SIZE}]
   */
  public BufferedImage render(FaceSpec spec, int size) {
    checkSize(size);
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
    renderInto(spec, image);
    return image;
  }

  /**
   * Paints {@code spec} over the whole of a square {@code TYPE_3BYTE_BGR} image, so a caller can reuse one picture
   * per thread.
   *
   * @throws IllegalArgumentException if the image is not square, not {@code TYPE_3BYTE_BGR}, or its side is outside
   *     the supported range
   */
  void renderInto(FaceSpec spec, BufferedImage image) {
    int size = image.getWidth();
    if (image.getType() != BufferedImage.TYPE_3BYTE_BGR || image.getHeight() != size) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "image must be square and TYPE_3BYTE_BGR, got %dx%d of type %d", size, image.getHeight(),
          image.getType()));
    }
    checkSize(size);
    byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    BackgroundAndLighting.paintBackground(bgr, size, spec.background());
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      // PURE keeps sub-pixel geometry exact instead of snapping strokes to pixels, so small sizes stay faithful.
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.scale(size / UNITS, size / UNITS);
      paint(g, spec);
    } finally {
      g.dispose();
    }
    BackgroundAndLighting.applyLighting(bgr, size, spec.lighting());
  }

  private static void checkSize(int size) {
    if (size < MIN_SIZE || size > MAX_SIZE) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "size %d is out of range; allowed: [%d, %d]",
          size, MIN_SIZE, MAX_SIZE));
    }
  }

  private static void paint(Graphics2D g, FaceSpec spec) {
    FaceSpec.Placement placement = spec.placement();
    FaceSpec.Style style = spec.style();
    Color skin = shade(skinColour(spec.value(FaceAttribute.SKIN_TONE)), 1 + 0.07 * style.skinShade());
    Color hair = shade(hairColour(spec.value(FaceAttribute.HAIR_COLOR)), 1 + 0.10 * style.hairShade());
    double cx = HEAD_X + placement.dx();
    double cy = HEAD_Y + placement.dy();
    double scale = placement.scale();

    // The shirt stays upright while the head rolls, as shoulders would.
    g.setColor(new Color(style.shirtRgb()));
    g.fill(new RoundRectangle2D.Double(cx - 22 * scale, cy + 19 * scale, 44 * scale, 40, 18, 18));

    g.translate(cx, cy);
    g.rotate(StrictMath.toRadians(spec.pose().rollDegrees()));
    g.scale(scale, scale);
    double yaw = spec.pose().yaw();
    // Turning the head moves the features towards the turn and the ears the other way.
    double featureX = 3.5 * yaw;

    if (style.hairStyle() == FaceSpec.HairStyle.LONG) {
      g.setColor(hair);
      g.fill(new RoundRectangle2D.Double(-17.5, -14, 35, 37, 14, 14));
    }
    g.setColor(shade(skin, 0.85)); // the neck, in the chin's shadow
    g.fill(new Rectangle2D.Double(-5, 10, 10, 12));
    paintHeadAndHair(g, spec, skin, hair, yaw);
    paintEyes(g, hair, featureX, yaw);
    g.setColor(shade(skin, 0.78));
    g.fill(new Ellipse2D.Double(featureX - 1.6, 3.6, 3.2, 2.3));
    paintMouth(g, spec, featureX);
    if (spec.has(FaceAttribute.GLASSES)) {
      paintGlasses(g, style, featureX, yaw);
    }
    if (spec.has(FaceAttribute.HAT)) {
      paintHat(g, style, yaw);
    }
  }

  private static void paintHeadAndHair(Graphics2D g, FaceSpec spec, Color skin, Color hair, double yaw) {
    double earX = -1.5 * yaw;
    g.setColor(skin);
    g.fill(new Ellipse2D.Double(earX - 17.5, -3.5, 5, 8));
    g.fill(new Ellipse2D.Double(earX + 12.5, -3.5, 5, 8));
    Shape head = new Ellipse2D.Double(-15, -18, 30, 36);
    g.fill(head);
    g.setColor(shade(skin, 0.72));
    g.setStroke(OUTLINE);
    g.draw(head);

    // Hair is a cap over the top of the head; the face is then painted over its lower part, which leaves a fringe
    // and sideburns without costly shape arithmetic.
    Shape cap = new Ellipse2D.Double(-16.2, -20.5, 32.4, 27);
    g.setColor(hair);
    g.fill(cap);
    if (spec.style().hairStyle() == FaceSpec.HairStyle.CURLY) {
      Path2D.Float curls = new Path2D.Float();
      for (int k = 0; k <= 6; k++) {
        double angle = Math.PI + k * Math.PI / 6;
        double x = 15.5 * StrictMath.cos(angle);
        double y = -7 + 13.8 * StrictMath.sin(angle);
        curls.append(new Ellipse2D.Double(x - 4.2, y - 4.2, 8.4, 8.4), false);
      }
      g.fill(curls);
      g.setColor(shade(hair, 0.65));
      g.setStroke(THIN);
      g.draw(curls);
    } else {
      g.setColor(shade(hair, 0.65));
      g.setStroke(THIN);
      g.draw(cap);
    }
    g.setColor(skin);
    g.fill(new Ellipse2D.Double(-12.8 + 1.5 * yaw, -11, 25.6, 28.6));
  }

  private static void paintEyes(Graphics2D g, Color hair, double featureX, double yaw) {
    // Eyebrows take a darker hair tone so blond and grey brows still show on light skin.
    g.setColor(shade(hair, 0.7));
    g.setStroke(BROW);
    for (int side = -1; side <= 1; side += 2) {
      double eyeX = featureX + side * EYE_SPACING;
      g.draw(new Line2D.Double(eyeX - 2.6, EYE_Y - 4.2, eyeX + 2.6, EYE_Y - 4.2));
    }
    for (int side = -1; side <= 1; side += 2) {
      double eyeX = featureX + side * EYE_SPACING;
      // The eye on the far side of the turn looks narrower.
      double width = EYE_WIDTH * (1 - 0.3 * Math.max(0, yaw * side));
      Shape eye = new Ellipse2D.Double(eyeX - width / 2, EYE_Y - 1.7, width, 3.4);
      g.setColor(EYE_WHITE);
      g.fill(eye);
      g.setColor(PUPIL);
      g.fill(new Ellipse2D.Double(eyeX + 0.8 * yaw - 1.45, EYE_Y - 1.45, 2.9, 2.9));
      g.setStroke(THIN);
      g.draw(eye);
    }
  }

  private static void paintMouth(Graphics2D g, FaceSpec spec, double featureX) {
    boolean darkSkin = "dark".equals(spec.value(FaceAttribute.SKIN_TONE));
    if (spec.has(FaceAttribute.SMILE)) {
      // An open smile: dark inside with a band of teeth, readable on every skin tone.
      Shape mouth = new Arc2D.Double(featureX - 5.5, MOUTH_Y - 4, 11, 8, 180, 180, Arc2D.CHORD);
      g.setColor(MOUTH_INSIDE);
      g.fill(mouth);
      g.setColor(TEETH);
      g.fill(new Arc2D.Double(featureX - 4.3, MOUTH_Y - 1.4, 8.6, 2.8, 180, 180, Arc2D.CHORD));
      g.setColor(MOUTH_INSIDE);
      g.setStroke(THIN);
      g.draw(mouth);
    } else {
      g.setColor(darkSkin ? new Color(0x2A1010) : new Color(0x9A3636));
      g.setStroke(MOUTH_LINE);
      g.draw(new Line2D.Double(featureX - 3.4, MOUTH_Y + 1, featureX + 3.4, MOUTH_Y + 1));
    }
  }

  private static void paintGlasses(Graphics2D g, FaceSpec.Style style, double featureX, double yaw) {
    Path2D.Float frames = new Path2D.Float();
    Path2D.Float lenses = new Path2D.Float();
    double innerGap = EYE_SPACING - EYE_WIDTH / 2 - 1.6;
    for (int side = -1; side <= 1; side += 2) {
      double eyeX = featureX + side * EYE_SPACING;
      double width = EYE_WIDTH * (1 - 0.3 * Math.max(0, yaw * side)) + 3.2;
      Shape lens = new RoundRectangle2D.Double(eyeX - width / 2, EYE_Y - 3.3, width, 6.6, 2.5, 2.5);
      lenses.append(lens, false);
      frames.append(lens, false);
      // Temple arm from the outer edge of the frame to the ear.
      frames.moveTo(eyeX + side * width / 2, EYE_Y - 1);
      frames.lineTo(side * 14.2 - 1.5 * yaw, EYE_Y - 0.5);
    }
    frames.moveTo(featureX - innerGap, EYE_Y - 0.8);
    frames.lineTo(featureX + innerGap, EYE_Y - 0.8);
    // A pale lens tint makes the glasses visible on dark skin, where dark frames alone have little contrast.
    g.setColor(LENS);
    g.fill(lenses);
    g.setColor(new Color(style.frameRgb()));
    g.setStroke(FRAME);
    g.draw(frames);
  }

  private static void paintHat(Graphics2D g, FaceSpec.Style style, double yaw) {
    Color hat = new Color(style.hatRgb());
    if (style.hatStyle() == FaceSpec.HatStyle.CAP) {
      g.setColor(hat);
      g.fill(new Arc2D.Double(-16.5, -27, 33, 30, 0, 180, Arc2D.CHORD));
      g.setColor(shade(hat, 0.7));
      g.fill(new Arc2D.Double(-13 + 3 * yaw, -15.5, 26, 9, 180, 180, Arc2D.CHORD));
      g.fill(new Ellipse2D.Double(-1.4, -28, 2.8, 2.2));
    } else {
      g.setColor(hat);
      g.fill(new Arc2D.Double(-16.5, -27.5, 33, 31, 0, 180, Arc2D.CHORD));
      g.setColor(shade(hat, 0.72));
      g.fill(new RoundRectangle2D.Double(-17, -15.5, 34, 5.5, 3, 3));
      g.setColor(shade(hat, 1.35));
      g.fill(new Ellipse2D.Double(-2.6, -30.5, 5.2, 5.2));
    }
  }

  private static Color skinColour(String tone) {
    return switch (tone) {
      case "light" -> new Color(0xF3D0B4);
      case "medium" -> new Color(0xC68A58);
      case "dark" -> new Color(0x5E3A25);
      default -> throw new IllegalStateException("no colour for skin_tone " + tone);
    };
  }

  private static Color hairColour(String colour) {
    return switch (colour) {
      case "black" -> new Color(0x1C1A19);
      case "brown" -> new Color(0x7A4520);
      case "blond" -> new Color(0xE8C66A);
      case "red" -> new Color(0xC8461A);
      case "grey" -> new Color(0xADADAA);
      default -> throw new IllegalStateException("no colour for hair_color " + colour);
    };
  }

  /** Returns {@code colour} with every channel multiplied by {@code factor}, clamped to [0, 255]. */
  private static Color shade(Color colour, double factor) {
    return new Color(clamp(colour.getRed() * factor), clamp(colour.getGreen() * factor),
        clamp(colour.getBlue() * factor), colour.getAlpha());
  }

  private static int clamp(double channel) {
    return (int) Math.max(0, Math.min(255, Math.round(channel)));
  }
}
