package dev.dgmspark.gan;

import java.io.Serializable;

/**
 * The training state of a GAN as parameter averaging ships it: one flat vector ({@link GanModel} says the layout)
 * and the networks' iteration counters, which Adam's bias correction reads.
 *
 * @param flat [G parameters, D parameters, G updater state, D updater state]
 * @param generatorIterations generator updates done
 * @param discriminatorIterations discriminator updates done
 * @param epoch epochs done
 */
public record GanState(float[] flat, int generatorIterations, int discriminatorIterations, int epoch)
    implements Serializable {
}
