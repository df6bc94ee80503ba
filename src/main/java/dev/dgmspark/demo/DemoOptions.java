package dev.dgmspark.demo;

/**
 * What {@code demo} runs.
 *
 * <p>Start from {@link #of} (every value at its default) and change values with the {@code withX} methods.
 *
 * @param out folder for every stage's output
 * @param count synthetic pictures
 * @param size picture side (28, 32 or 64)
 * @param rare attribute value made rare, as {@code attribute=value:share}
 * @param epochs VAE training epochs
 * @param latentDim VAE latent size; 0 takes the {@code train} command's default
 * @param seed seed of every stage
 */
public record DemoOptions(String out, int count, int size, String rare, int epochs, int latentDim, long seed) {
  public static final String DEFAULT_OUT = "out/demo";
  public static final int DEFAULT_COUNT = 3000;
  public static final int DEFAULT_SIZE = 32;
  public static final String DEFAULT_RARE = "skin_tone=dark:0.05";
  public static final int DEFAULT_EPOCHS = 40;
  /** 0: the {@code train} command's default latent size (the demo no longer needs a small latent space). */
  public static final int DEFAULT_LATENT_DIM = 0;
  public static final long DEFAULT_SEED = 42;

  /** The demo with every value at its default. */
  public static DemoOptions of() {
    return new DemoOptions(DEFAULT_OUT, DEFAULT_COUNT, DEFAULT_SIZE, DEFAULT_RARE, DEFAULT_EPOCHS, DEFAULT_LATENT_DIM,
        DEFAULT_SEED);
  }

  public DemoOptions withOut(String value) {
    return new DemoOptions(value, count, size, rare, epochs, latentDim, seed);
  }

  public DemoOptions withCount(int value) {
    return new DemoOptions(out, value, size, rare, epochs, latentDim, seed);
  }

  public DemoOptions withSize(int value) {
    return new DemoOptions(out, count, value, rare, epochs, latentDim, seed);
  }

  public DemoOptions withRare(String value) {
    return new DemoOptions(out, count, size, value, epochs, latentDim, seed);
  }

  public DemoOptions withEpochs(int value) {
    return new DemoOptions(out, count, size, rare, value, latentDim, seed);
  }

  public DemoOptions withLatentDim(int value) {
    return new DemoOptions(out, count, size, rare, epochs, value, seed);
  }

  public DemoOptions withSeed(long value) {
    return new DemoOptions(out, count, size, rare, epochs, latentDim, value);
  }
}
