package dev.dgmspark.gan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The training log's description of a GAN names the options that change its networks. */
class GanHooksTest {
  private static String describe(GanConfig config) {
    GanFolder.Descriptor descriptor = new GanFolder.Descriptor(config, List.of(), List.of(), List.of(), "abc", 0);
    return new GanHooks(descriptor, 0, 1).describe(GanModel.create(config));
  }

  @Test
  void theDescriptionNamesTheMinibatchStandardDeviationWhenItIsOn() {
    GanConfig plain = new GanConfig(false, 8, 1, 3, 2, List.of(), List.of(), 2e-3, 0.5, 0.1, 1, 7);
    String on = describe(plain.withMinibatchStd(4));
    assertTrue(on.contains("minibatch standard deviation over groups of 4"), on);
    String off = describe(plain);
    assertFalse(off.contains("minibatch"), off);
  }

  @Test
  void theDescriptionNamesTheLearningRateDecayWhenItIsOn() {
    GanConfig plain = new GanConfig(false, 8, 1, 3, 2, List.of(), List.of(), 2e-3, 0.5, 0.1, 1, 7);
    String on = describe(plain.withLrDecayEpochs(40));
    assertTrue(on.contains("learning rates falling linearly over 40 epochs"), on);
    assertFalse(describe(plain).contains("falling"), describe(plain));
  }
}
