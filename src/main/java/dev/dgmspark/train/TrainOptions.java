package dev.dgmspark.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.common.ModelKind;
import dev.dgmspark.engine.LoopSettings;
import dev.dgmspark.engine.TrainerKind;
import dev.dgmspark.vae.Likelihood;
import dev.dgmspark.vae.VaeConfig;
import dev.dgmspark.vae.VaeDefaults;

/**
 * What {@code train} is asked to do; serialised with the command-line names (snake case, {@code model}, {@code lr})
 * into the provenance.
 *
 * @param kind the model
 * @param data shard folder (with {@code index.json})
 * @param out model folder
 * @param latentDim size of z; {@link #BY_DEFAULTS} for an autoencoder's default
 * @param beta KL weight (vae: 0.3; betavae: 4)
 * @param likelihood autoencoders: the decoder's likelihood; null for the default
 * @param epochs train until this epoch number (with {@code resume}, counting the epochs already done)
 * @param batchSize examples per averaged step across all workers; {@link #BY_DEFAULTS} for an autoencoder's default
 * @param batchSizePerWorker minibatch of one worker; 0 derives it from {@code batchSize / workers}
 * @param learningRate Adam learning rate; {@link #BY_DEFAULTS} for an autoencoder's default
 * @param seed seed of the weights, the batch order and the sampling noise
 * @param workers parallel workers; 0 uses Spark's task slots
 * @param averagingFrequency minibatches each worker fits between two parameter averagings
 * @param maxBatches smoke mode: at most this many minibatches per epoch (0: all)
 * @param maxTrainMinutes time budget: no new epoch starts once the training time so far plus the last epoch's would
 *     exceed it (0: no budget)
 * @param trainer how epochs are spread over the workers
 * @param resume continue from the last checkpoint in {@code out}
 * @param overwrite replace a finished model in {@code out}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"model", "data", "out", "latent_dim", "beta", "likelihood", "epochs", "batch_size",
    "batch_size_per_worker", "lr"})
public record TrainOptions(@JsonProperty("model") ModelKind kind, String data, String out, int latentDim, double beta,
    Likelihood likelihood, int epochs, int batchSize, int batchSizePerWorker, @JsonProperty("lr") double learningRate,
    long seed, int workers, int averagingFrequency,
    int maxBatches, double maxTrainMinutes, TrainerKind trainer, boolean resume, boolean overwrite) {

  /**
   * Marks an autoencoder's latent size, learning rate or batch size as not given: {@link #withAutoencoderDefaults}
   * sets it from the decoder's likelihood once the images are known.
   */
  public static final int BY_DEFAULTS = 0;
  /** Latent size of the autoencoders with the Bernoulli decoder (the Gaussian's: {@link VaeDefaults}). */
  public static final int DEFAULT_LATENT_DIM = VaeDefaults.BERNOULLI_LATENT_DIM;
  /** Adam learning rate of the autoencoders with the Bernoulli decoder (the Gaussian's: {@link VaeDefaults}). */
  public static final double DEFAULT_LEARNING_RATE = VaeDefaults.BERNOULLI_LEARNING_RATE;
  /** Default epochs. */
  public static final int DEFAULT_EPOCHS = 10;
  /** Default examples per averaged step across all workers. */
  public static final int DEFAULT_BATCH_SIZE = 64;
  /**
   * Default minibatches each worker fits between two averagings, per model: 20 for the autoencoders and the GANs, 5
   * for diffusion, pix2pix and CycleGAN. Every 20 reconstructs the demo's faces as every 5 does (20 epochs,
   * {@code local[2]}: reconstruction 1,880.0 against 1,880.3 nats, attribute accuracy ratio 0.561 against 0.557, dark
   * skin debiased 3.2x against 3.1x) and trains faster (595 against 474 examples/s; scripts/bench-train: 1.6x against
   * 1.15x the single JVM), since each round costs a broadcast, a job and a reduction. The same on Fashion-MNIST
   * (3,750 images, trousers planted at 4%, 10 epochs): reconstruction 244.9 against 244.6 nats, 637 against 553
   * examples/s, debias trousers 0.73x against 0.63x, sandals 2.22x against 2.31x. A GAN averaged every 20 ran 15
   * epochs in 4 minutes against 9 for about the same quality figures (README). Diffusion and translation were
   * measured at 5 and keep it.
   */
  public static int defaultAveragingFrequency(ModelKind kind) {
    return switch (kind) {
      case AE, VAE, BETAVAE, DBVAE, GAN, CGAN -> 20;
      case DIFFUSION, PIX2PIX, CYCLEGAN -> 5;
    };
  }

  /**
   * The KL term's default weight: 4 for {@code betavae}, 0.3 for {@code vae}, 1 for the others. The VAE's 0.3 is what
   * its latents debias best at (README, debias): on Fashion-MNIST with trousers planted at 4%, debias with default
   * options raised them 2.8-4.7x over four trainings at 0.3 against 1.4-2.5x at 1, on the demo faces dark skin
   * 4.0-4.2x against 4.3-4.6x.
   */
  public static double defaultBeta(ModelKind kind) {
    return switch (kind) {
      case BETAVAE -> 4.0;
      case VAE -> 0.3;
      default -> 1.0;
    };
  }

  /**
   * Defaults for everything but the model, the data and the output. An autoencoder's likelihood (null), latent size,
   * learning rate and batch size ({@link #BY_DEFAULTS}) are left to {@link #withAutoencoderDefaults}, which knows the
   * images.
   */
  public static TrainOptions of(ModelKind kind, String data, String out) {
    boolean autoencoder = kind.autoencoder();
    return new TrainOptions(kind, data, out, autoencoder ? BY_DEFAULTS : DEFAULT_LATENT_DIM, defaultBeta(kind),
        null, DEFAULT_EPOCHS, autoencoder ? BY_DEFAULTS : DEFAULT_BATCH_SIZE, 0,
        autoencoder ? BY_DEFAULTS : DEFAULT_LEARNING_RATE, 42, 0, defaultAveragingFrequency(kind), 0, 0,
        TrainerKind.AVERAGING, false, false);
  }

  /**
   * These options with an autoencoder's settings left to the defaults filled in ({@link VaeDefaults}): the
   * likelihood by the images' {@code channels} (a resumed model's {@code stored} likelihood wins), then the latent
   * size, learning rate and batch size by the likelihood. Settings given stay as they are.
   */
  public TrainOptions withAutoencoderDefaults(int channels, Likelihood stored) {
    Likelihood decoder = stored != null ? stored : likelihood != null ? likelihood
        : VaeDefaults.likelihood(kind, channels);
    return toBuilder().likelihood(decoder)
        .latentDim(latentDim != BY_DEFAULTS ? latentDim : VaeDefaults.latentDim(decoder))
        .learningRate(learningRate != BY_DEFAULTS ? learningRate : VaeDefaults.learningRate(decoder))
        .batchSize(batchSize != BY_DEFAULTS ? batchSize : VaeDefaults.batchSize(decoder))
        .build();
  }

  /**
   * The configuration of a new autoencoder of these options' kind for images of {@code imageSize} pixels and
   * {@code channels} channels (no KL term for {@code ae}); call {@link #withAutoencoderDefaults} first.
   */
  public VaeConfig newAutoencoder(int imageSize, int channels) {
    if (latentDim == BY_DEFAULTS || likelihood == null || learningRate == BY_DEFAULTS) {
      throw new IllegalStateException("fill in the autoencoder's defaults first (withAutoencoderDefaults)");
    }
    return new VaeConfig(kind, imageSize, channels, latentDim, kind == ModelKind.AE ? 0.0 : beta, likelihood,
        learningRate, seed);
  }

  /** The minibatch of one worker for {@code workerCount} workers. */
  public int perWorkerBatch(int workerCount) {
    return loop().perWorkerBatch(workerCount);
  }

  /** The engine's loop settings these options give. */
  public LoopSettings loop() {
    return new LoopSettings(data, out, epochs, batchSize, batchSizePerWorker, seed, workers, averagingFrequency,
        maxBatches, maxTrainMinutes, trainer, resume, overwrite);
  }

  public TrainOptions withEpochs(int value) {
    return toBuilder().epochs(value).build();
  }

  public TrainOptions withMaxBatches(int value) {
    return toBuilder().maxBatches(value).build();
  }

  public TrainOptions withResume(boolean value) {
    return toBuilder().resume(value).build();
  }

  public TrainOptions withLatentDim(int value) {
    return toBuilder().latentDim(value).build();
  }

  public TrainOptions withBatchSize(int value) {
    return toBuilder().batchSize(value).build();
  }

  public TrainOptions withAveragingFrequency(int value) {
    return toBuilder().averagingFrequency(value).build();
  }

  public TrainOptions withLearningRate(double value) {
    return toBuilder().learningRate(value).build();
  }

  public TrainOptions withOverwrite(boolean value) {
    return toBuilder().overwrite(value).build();
  }

  /** A copy to change some of the options: {@code options.toBuilder().size(32).build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Mutable copy of the options; {@link #build} makes the record. */
  public static final class Builder {
    private ModelKind kind;
    private String data;
    private String out;
    private int latentDim;
    private double beta;
    private Likelihood likelihood;
    private int epochs;
    private int batchSize;
    private int batchSizePerWorker;
    private double learningRate;
    private long seed;
    private int workers;
    private int averagingFrequency;
    private int maxBatches;
    private double maxTrainMinutes;
    private TrainerKind trainer;
    private boolean resume;
    private boolean overwrite;

    private Builder(TrainOptions o) {
      kind = o.kind;
      data = o.data;
      out = o.out;
      latentDim = o.latentDim;
      beta = o.beta;
      likelihood = o.likelihood;
      epochs = o.epochs;
      batchSize = o.batchSize;
      batchSizePerWorker = o.batchSizePerWorker;
      learningRate = o.learningRate;
      seed = o.seed;
      workers = o.workers;
      averagingFrequency = o.averagingFrequency;
      maxBatches = o.maxBatches;
      maxTrainMinutes = o.maxTrainMinutes;
      trainer = o.trainer;
      resume = o.resume;
      overwrite = o.overwrite;
    }

    public Builder kind(ModelKind value) {
      kind = value;
      return this;
    }

    public Builder data(String value) {
      data = value;
      return this;
    }

    public Builder out(String value) {
      out = value;
      return this;
    }

    public Builder latentDim(int value) {
      latentDim = value;
      return this;
    }

    public Builder beta(double value) {
      beta = value;
      return this;
    }

    public Builder likelihood(Likelihood value) {
      likelihood = value;
      return this;
    }

    public Builder epochs(int value) {
      epochs = value;
      return this;
    }

    public Builder batchSize(int value) {
      batchSize = value;
      return this;
    }

    public Builder batchSizePerWorker(int value) {
      batchSizePerWorker = value;
      return this;
    }

    public Builder learningRate(double value) {
      learningRate = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder workers(int value) {
      workers = value;
      return this;
    }

    public Builder averagingFrequency(int value) {
      averagingFrequency = value;
      return this;
    }

    public Builder maxBatches(int value) {
      maxBatches = value;
      return this;
    }

    public Builder maxTrainMinutes(double value) {
      maxTrainMinutes = value;
      return this;
    }

    public Builder trainer(TrainerKind value) {
      trainer = value;
      return this;
    }

    public Builder resume(boolean value) {
      resume = value;
      return this;
    }

    public Builder overwrite(boolean value) {
      overwrite = value;
      return this;
    }

    public TrainOptions build() {
      return new TrainOptions(kind, data, out, latentDim, beta, likelihood, epochs, batchSize, batchSizePerWorker, learningRate, seed, workers, averagingFrequency, maxBatches, maxTrainMinutes, trainer, resume, overwrite);
    }
  }
}
