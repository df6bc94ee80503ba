package dev.dgmspark.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests {@link TargetShares}: defaults, proportional rescaling, spec parsing and validation messages. */
class TargetSharesTest {

  private static final double EPS = 1e-12;

  @Test
  void defaultsSumToOneAndMatchTheDeclaredValues() {
    TargetShares shares = TargetShares.defaults();
    for (FaceAttribute attribute : FaceAttribute.all()) {
      double sum = shares.shares(attribute).values().stream().mapToDouble(Double::doubleValue).sum();
      assertEquals(1.0, sum, EPS, attribute.attributeName());
    }
    assertEquals(0.3, shares.share("glasses", "yes"), EPS);
    assertEquals(0.25, shares.share("hat", "yes"), EPS);
    assertEquals(0.5, shares.share("smile", "yes"), EPS);
    assertEquals(0.2, shares.share("hair_color", "red"), EPS);
  }

  @Test
  void withShareRescalesTheOtherValuesProportionally() {
    // Start from unequal shares so "proportional" differs from "equal".
    TargetShares start = TargetShares.parse("skin_tone=dark:0.05,medium:0.3");
    assertEquals(0.65, start.share("skin_tone", "light"), EPS);

    TargetShares changed = start.withShare("skin_tone", "light", 0.5);
    double oldRest = start.share("skin_tone", "medium") + start.share("skin_tone", "dark");
    double expectedMedium = start.share("skin_tone", "medium") * (1 - 0.5) / oldRest;
    double expectedDark = start.share("skin_tone", "dark") * (1 - 0.5) / oldRest;
    assertEquals(0.5, changed.share("skin_tone", "light"), EPS);
    assertEquals(expectedMedium, changed.share("skin_tone", "medium"), EPS);
    assertEquals(expectedDark, changed.share("skin_tone", "dark"), EPS);
    assertEquals(start.share("skin_tone", "medium") / start.share("skin_tone", "dark"),
        changed.share("skin_tone", "medium") / changed.share("skin_tone", "dark"), 1e-9);
    assertEquals(1.0, changed.shares(FaceAttribute.SKIN_TONE).values().stream().mapToDouble(d -> d).sum(), EPS);
    // Other attributes are untouched and the original is immutable.
    assertEquals(start.shares(FaceAttribute.HAIR_COLOR), changed.shares(FaceAttribute.HAIR_COLOR));
    assertEquals(0.65, start.share("skin_tone", "light"), EPS);
  }

  @Test
  void makingOneHairColourRareKeepsTheOthersEqual() {
    TargetShares shares = TargetShares.defaults().withShare("hair_color", "red", 0.04);
    double expectedOther = 0.2 * (1 - 0.04) / (1 - 0.2);
    for (String value : FaceAttribute.HAIR_COLOR.valueNames()) {
      assertEquals(value.equals("red") ? 0.04 : expectedOther, shares.share("hair_color", value), EPS, value);
    }
  }

  @Test
  void zeroSharesOfTheRestAreSplitEqually() {
    TargetShares onlyBlack = TargetShares.parse("hair_color=black:1");
    TargetShares half = onlyBlack.withShare("hair_color", "black", 0.5);
    for (String value : FaceAttribute.HAIR_COLOR.valueNames()) {
      assertEquals(value.equals("black") ? 0.5 : 0.5 / 4, half.share("hair_color", value), EPS, value);
    }
  }

  @Test
  void parsesSeveralValuesAndSeveralAttributes() {
    TargetShares shares = TargetShares.parse(" skin_tone = dark:0.05 , medium:0.3 ; glasses=yes:0.05 ");
    assertEquals(0.05, shares.share("skin_tone", "dark"), EPS);
    assertEquals(0.3, shares.share("skin_tone", "medium"), EPS);
    assertEquals(0.65, shares.share("skin_tone", "light"), EPS);
    assertEquals(0.95, shares.share("glasses", "no"), EPS);
    TargetShares all = TargetShares.parse("smile=no:0.25,yes:0.75");
    assertEquals(0.75, all.share("smile", "yes"), EPS);
  }

  @Test
  void toStringRoundTripsThroughParse() {
    TargetShares shares = TargetShares.parse("hair_color=red:0.04;glasses=yes:0.05");
    assertEquals(shares, TargetShares.parse(shares.toString()));
    assertEquals(TargetShares.defaults(), TargetShares.parse(TargetShares.defaults().toString()));
  }

  @Test
  void unknownAttributeNamesItAndTheAllowedOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TargetShares.parse("glases=yes:0.05"));
    assertTrue(e.getMessage().contains("'glases'"), e.getMessage());
    assertTrue(e.getMessage().contains("skin_tone, hair_color, glasses, hat, smile"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TargetShares.defaults().withShare("Glasses", "yes", 0.1));
  }

  @Test
  void unknownValueNamesItAndTheAllowedOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TargetShares.parse("glasses=maybe:0.05"));
    assertTrue(e.getMessage().contains("'maybe'"), e.getMessage());
    assertTrue(e.getMessage().contains("no, yes"), e.getMessage());
    IllegalArgumentException hair = assertThrows(IllegalArgumentException.class,
        () -> TargetShares.defaults().withShare("hair_color", "purple", 0.1));
    assertTrue(hair.getMessage().contains("black, brown, blond, red, grey"), hair.getMessage());
  }

  @Test
  void shareOutOfRangeNamesTheShareAndTheRange() {
    for (String bad : new String[] {"1.5", "-0.1", "NaN"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> TargetShares.parse("glasses=yes:" + bad));
      assertTrue(e.getMessage().contains(bad) && e.getMessage().contains("glasses=yes")
          && e.getMessage().contains("[0, 1]"), e.getMessage());
    }
    IllegalArgumentException notANumber = assertThrows(IllegalArgumentException.class,
        () -> TargetShares.parse("glasses=yes:lots"));
    assertTrue(notANumber.getMessage().contains("'lots'"), notANumber.getMessage());
  }

  @Test
  void sharesOverOneAreRejectedWithTheirSum() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TargetShares.parse("skin_tone=dark:0.7,medium:0.5"));
    assertTrue(e.getMessage().contains("skin_tone") && e.getMessage().contains(String.valueOf(0.7 + 0.5))
        && e.getMessage().contains("more than 1"), e.getMessage());
  }

  @Test
  void sharesCoveringEveryValueMustSumToOne() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TargetShares.parse("glasses=no:0.5,yes:0.3"));
    assertTrue(e.getMessage().contains("must add up to 1"), e.getMessage());
    // Decimal rounding within the tolerance is accepted.
    TargetShares thirds = TargetShares.parse(
        "skin_tone=light:0.3333333333,medium:0.3333333333,dark:0.3333333334");
    assertEquals(0.3333333334, thirds.share("skin_tone", "dark"), EPS);
  }

  @Test
  void malformedSpecsNameTheExpectedForm() {
    for (String bad : new String[] {"glasses", "glasses=", "=yes:0.1", "glasses=yes", "glasses=yes:0.1:2"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TargetShares.parse(bad),
          bad);
      assertTrue(e.getMessage().contains("value:share"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> TargetShares.parse("glasses=yes:0.1,yes:0.2"));
    assertThrows(IllegalArgumentException.class, () -> TargetShares.parse(" "));
  }

  @Test
  void zeroAndFullSharesAreHonouredBySampling() {
    TargetShares never = TargetShares.parse("glasses=yes:0");
    TargetShares always = TargetShares.parse("hat=yes:1");
    for (int i = 0; i < 2000; i++) {
      assertEquals("no", FaceSampler.sample(3, i, never).value(FaceAttribute.GLASSES));
      assertEquals("yes", FaceSampler.sample(3, i, always).value(FaceAttribute.HAT));
    }
    // Even a draw that rounding pushes past the cumulative sum never selects a zero-share value.
    assertEquals(0, never.sampleIndex(FaceAttribute.GLASSES, 0.9999999999999999));
    assertEquals(Map.of("no", 1.0, "yes", 0.0), never.shares(FaceAttribute.GLASSES));
  }
}
