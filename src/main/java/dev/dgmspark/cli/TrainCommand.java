package dev.dgmspark.cli;

import dev.dgmspark.common.ModelKind;
import dev.dgmspark.dbvae.DbVaeFigures;
import dev.dgmspark.dbvae.VaeLossScope;
import dev.dgmspark.engine.TrainerKind;
import dev.dgmspark.engine.TrainingSummary;
import dev.dgmspark.diffusion.DiffusionConfig;
import dev.dgmspark.diffusion.DiffusionFigures;
import dev.dgmspark.diffusion.ScheduleKind;
import dev.dgmspark.gan.ConditionMode;
import dev.dgmspark.gan.GanConfig;
import dev.dgmspark.gan.DiffAugment;
import dev.dgmspark.gan.GanFigures;
import dev.dgmspark.gan.GanStep;
import dev.dgmspark.train.DbVaeOptions;
import dev.dgmspark.train.DbVaeTraining;
import dev.dgmspark.train.DiffusionOptions;
import dev.dgmspark.train.DiffusionTraining;
import dev.dgmspark.train.GanOptions;
import dev.dgmspark.train.GanTraining;
import dev.dgmspark.train.CycleGanOptions;
import dev.dgmspark.train.CycleGanTraining;
import dev.dgmspark.train.Pix2PixOptions;
import dev.dgmspark.train.Pix2PixTraining;
import dev.dgmspark.train.TrainOptions;
import dev.dgmspark.train.VaeTraining;
import dev.dgmspark.translate.CycleGanFigures;
import dev.dgmspark.translate.CycleGanQuality;
import dev.dgmspark.translate.Pix2PixFigures;
import dev.dgmspark.vae.Likelihood;
import dev.dgmspark.vae.VaeFigures;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** {@code dgm train}: trains a generative or translation model on shards with parameter averaging across executors. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Train a convolutional autoencoder (ae), VAE (vae), beta-VAE (betavae), debiasing VAE (dbvae), DCGAN (gan), "
            + "conditional GAN (cgan), pix2pix, CycleGAN (cyclegan) or denoising diffusion model (diffusion) on 28x28, "
            + "32x32 or 64x64 shards, with parameter averaging across Spark executors (Deeplearning4j). Writes "
            + "<out>/checkpoints/epoch-N.zip, model.zip, model.json, metrics.csv and summary.json, plus recon.png "
            + "(inputs above reconstructions) for autoencoders or samples-epoch-N.png (fixed noise) for GANs and "
            + "diffusion (DDIM, 10 steps; samples.png at the end, 50 steps).",
        "dbvae (Amini et al. 2019) classifies --label while learning a latent space, draws every epoch's images by how "
            + "rare their latent position is, trains a baseline without resampling into <out>/baseline in the same "
            + "run, and reports accuracy per --groups value for both (summary.json: group_accuracy, "
            + "accuracy_variance).",
        "pix2pix (Isola et al. 2017) learns to turn each pair's --source image into its --target image on paired "
            + "shards (synth --pairs, then shard): U-Net generator, PatchGAN discriminator, adversarial + L1 loss; "
            + "writes translations-epoch-N.png (input | translation | truth) and l1_ratio, target_rate in "
            + "summary.json.",
        "cyclegan (Zhu et al. 2017) learns to turn --domain-a images into --domain-b images and back on unpaired "
            + "shards: two U-Nets, two PatchGANs, adversarial + cycle + identity losses; writes "
            + "translations-epoch-N.png (a | G(a) | F(G(a)) | b | F(b) | G(F(b))) and target_rate, kept_rate, "
            + "cycle_l1 in summary.json."})
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "KIND", converter = LowerCaseEnums.ModelKindConverter.class,
      description = "ae, vae, betavae, dbvae, gan, cgan, pix2pix, cyclegan or diffusion.")
  ModelKind model;

  @Option(names = "--data", required = true, paramLabel = "DIR|URI", description = "Shard folder (from 'dgm shard').")
  String data;

  @Option(names = "--out", required = true, paramLabel = "DIR|URI", description = "Model folder.")
  String out;

  @Option(names = "--latent-dim", paramLabel = "N",
      description = "Size of z (for GANs: of the noise); 1 to 1024. Default: 16, 32 with the gaussian decoder, for "
          + "gan and cgan 64.")
  Integer latentDim;

  @Option(names = "--beta", paramLabel = "B",
      description = "Weight of the KL term; >= 0. Default: 0.3 for vae (its latents debias best), 4 for betavae, 1 "
          + "for dbvae (ae has no KL term).")
  Double beta;

  @Option(names = "--likelihood", paramLabel = "KIND",
      description = "ae, vae, betavae: the decoder's likelihood, gaussian (one pixel variance, set to its "
          + "maximum-likelihood value on each minibatch: sharper reconstructions) or bernoulli (binary cross-entropy). "
          + "Default: vae on colour (3-channel) shards gaussian, otherwise bernoulli (README: the Bernoulli latents "
          + "of one-channel images debias better, the Gaussian decoder keeps colour pictures' detail).")
  String likelihood;

  @Option(names = "--epochs", defaultValue = "" + TrainOptions.DEFAULT_EPOCHS, paramLabel = "N",
      description = "Train up to this epoch (with --resume, counting the epochs done). Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--batch-size", paramLabel = "N",
      description = "Examples per averaged step across all workers; each worker's minibatch is this / workers. "
          + "Default: " + TrainOptions.DEFAULT_BATCH_SIZE + ", with the gaussian decoder 32.")
  Integer batchSize;

  @Option(names = "--batch-size-per-worker", defaultValue = "0", paramLabel = "N",
      description = "Minibatch of one worker (overrides --batch-size / workers).")
  int batchSizePerWorker;

  @Option(names = "--lr", paramLabel = "RATE",
      description = "Adam learning rate; (0, 1]. Default: 0.001, with the gaussian decoder 0.003, for gan, cgan, "
          + "pix2pix and cyclegan 0.0002, for diffusion 0.0005.")
  Double learningRate;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--workers", defaultValue = "0", paramLabel = "N",
      description = "Parallel workers (0: Spark's task slots).")
  int workers;

  @Option(names = "--averaging-frequency", defaultValue = "0", paramLabel = "N",
      description = "Minibatches each worker fits between parameter averagings (0: the model's default, 20 for "
          + "ae, vae, betavae, dbvae, gan and cgan, 5 for diffusion, pix2pix and cyclegan).")
  int averagingFrequency;

  @Option(names = "--max-batches", defaultValue = "0", paramLabel = "N",
      description = "Smoke run: at most N minibatches per epoch (0: all).")
  int maxBatches;

  @Option(names = "--condition", split = ",", paramLabel = "ATTR",
      description = "cgan: attribute columns to condition on, e.g. hair_color,glasses (a unique prefix such as "
          + "'hair' is enough).")
  List<String> condition = new ArrayList<>();

  @Option(names = "--condition-mode", paramLabel = "MODE",
      description = "cgan: how the discriminator uses the condition: 'classifier' (an auxiliary classifier head "
          + "trained on the real images, AC-GAN) or 'input' (constant planes next to the image; learns small "
          + "features such as glasses poorly). Default: classifier.")
  String conditionMode;

  @Option(names = "--augment", paramLabel = "POLICY",
      description = "gan, cgan, cyclegan: differentiable augmentation of every image the discriminators see, real or "
          + "generated (DiffAugment): 'none' or a comma-separated list of color (brightness, saturation and "
          + "contrast together), brightness, saturation, contrast, translation, cutout. It keeps a "
          + "discriminator from memorising a small dataset, which makes samples worse the longer a GAN trains. "
          + "Default: color,translation for gan and cgan, none for cyclegan.")
  String augment;

  @Option(names = "--source", paramLabel = "ATTR=VALUE",
      description = "pix2pix: the input side of every pair, e.g. glasses=no.")
  String source;

  @Option(names = "--target", paramLabel = "ATTR=VALUE",
      description = "pix2pix: the output side of every pair, the same attribute, e.g. glasses=yes.")
  String target;

  @Option(names = "--l1-weight", paramLabel = "LAMBDA",
      description = "pix2pix: weight of the L1 distance to the true image against the adversarial loss; 0 to 1e6. "
          + "Default: 100 (the paper's).")
  Double l1Weight;

  @Option(names = "--domain-a", paramLabel = "ATTR=VALUE",
      description = "cyclegan: the images of domain A, e.g. skin_tone=light.")
  String domainA;

  @Option(names = "--domain-b", paramLabel = "ATTR=VALUE",
      description = "cyclegan: the images of domain B, another value of the same attribute, e.g. skin_tone=dark.")
  String domainB;

  @Option(names = "--cycle-weight", paramLabel = "LAMBDA",
      description = "cyclegan: weight of the cycle-consistency terms |F(G(a)) - a| and |G(F(b)) - b| against the "
          + "adversarial ones; 0 to 1e6. Default: 10 (the paper's).")
  Double cycleWeight;

  @Option(names = "--identity-weight", paramLabel = "W",
      description = "cyclegan: weight of the identity terms |G(b) - b| and |F(a) - a|; 0 to 1e6. Default: 5 (the "
          + "paper's half of the cycle weight).")
  Double identityWeight;

  @Option(names = "--keep-weight", paramLabel = "W",
      description = "cyclegan: weight of the attribute-keeping terms: the cross-entropy of an attribute classifier, "
          + "trained through pixel noise on the training images before the first step and then frozen, between each "
          + "noisy translation and the values it reads in the translation's input, over every categorical attribute "
          + "but the translated one; "
          + "0 to 1e6 (0: none, the paper's CycleGAN). Default: 0.")
  Double keepWeight;

  @Option(names = "--d-steps", paramLabel = "K",
      description = "gan, cgan: discriminator steps per generator step; 1 to 100. Default: 1.")
  Integer dSteps;

  @Option(names = "--beta1", paramLabel = "B",
      description = "gan, cgan, pix2pix, cyclegan: Adam's first-moment decay; [0, 1). Default: 0.5.")
  Double beta1;

  @Option(names = "--label-smoothing", paramLabel = "S",
      description = "gan, cgan: real images get the label 1 - S in the discriminator step; [0, 0.5). Default: 0.1.")
  Double labelSmoothing;

  @Option(names = "--filters", paramLabel = "N",
      description = "gan, cgan: filters of the discriminator's first layer (generator's last); pix2pix, cyclegan: of "
          + "the first encoder and discriminator layers; diffusion: channels of the U-Net's first level (the others "
          + "have twice as many); 1 to 512. Default: 32.")
  Integer filters;

  @Option(names = "--schedule", paramLabel = "KIND",
      description = "diffusion: how the noise variance grows over the timesteps: cosine (Nichol and Dhariwal 2021) "
          + "or linear (Ho et al. 2020). Default: cosine.")
  String schedule;

  @Option(names = "--timesteps", paramLabel = "T",
      description = "diffusion: steps of the noising process; 2 to 100000. Default: 1000.")
  Integer timesteps;

  @Option(names = "--ema", paramLabel = "DECAY",
      description = "diffusion, gan, cgan, cyclegan: decay of the moving average of the (generators') weights that "
          + "sampling and translation use; [0, 1) (0: the trained weights). Default: 0.999 for diffusion, 0 (off) "
          + "for gan, cgan and cyclegan.")
  Double ema;

  @Option(names = "--r1", paramLabel = "GAMMA",
      description = "gan, cgan: weight of the R1 penalty on the discriminator's gradient at the real images "
          + "(applied every " + GanStep.R1_INTERVAL + " discriminator steps); 0 to 1000 (0: none). Default: 0.")
  Double r1;

  @Option(names = "--refine-layers", paramLabel = "N",
      description = "gan, cgan: 3x3 convolutions the generator adds at the output resolution, before its output "
          + "layer (sharper detail; one such layer cut training to less than half the speed at 32x32); 0 to "
          + GanConfig.MAX_REFINE_LAYERS + ". Default: " + GanOptions.DEFAULT_REFINE_LAYERS + ".")
  Integer refineLayers;

  @Option(names = "--minibatch-std", paramLabel = "G",
      description = "gan, cgan: give the discriminator the standard deviation of its last features across groups of "
          + "G images as one more channel (Karras et al. 2018), so that alike samples are easy to tell from the data; "
          + "0 (none) or 2 to " + GanConfig.MAX_MINIBATCH_STD + ". Default: " + GanOptions.DEFAULT_MINIBATCH_STD
          + ".")
  Integer minibatchStd;

  @Option(names = "--lr-decay", paramLabel = "KIND",
      description = "gan, cgan: 'linear' lowers both learning rates linearly by epoch from --lr in epoch 1 to --lr/E "
          + "in epoch E = --epochs (a run stopped early by --max-train-minutes ends above that); 'none' keeps them "
          + "constant. Default: none.")
  String lrDecay;

  @Option(names = "--eval-samples", paramLabel = "N",
      description = "gan, cgan: generated images for the quality figures in summary.json; pix2pix: held-out pairs "
          + "the figures are measured on, at most, cyclegan: held-out images of each domain (0: skip them). "
          + "Default: 1000.")
  Integer evalSamples;

  @Option(names = "--label", paramLabel = "ATTR[=VALUE]",
      description = "dbvae: the attribute to classify and its positive value, e.g. glasses=yes (a two-valued "
          + "column's yes, true or 1 when no value is given).")
  String label;

  @Option(names = "--groups", split = ",", paramLabel = "ATTR",
      description = "dbvae: one or two attribute columns whose values make the groups accuracy is reported per, "
          + "e.g. skin_tone (never given to training).")
  List<String> groups = new ArrayList<>();

  @Option(names = "--test", paramLabel = "DIR|URI",
      description = "dbvae: shard folder of test images, ideally balanced across the groups (default: the "
          + "minibatches held out from --data).")
  String test;

  @Option(names = "--class-weight", paramLabel = "W",
      description = "dbvae: weight of the classification loss against the VAE loss (nats per image); > 0. "
          + "Default: 100.")
  Double classWeight;

  @Option(names = "--vae-loss", paramLabel = "SCOPE",
      description = "dbvae: images the VAE loss applies to: all, or positives (the paper's choice; measured weaker "
          + "when both classes are of the same kind, see README). Default: all.")
  String vaeLoss;

  @Option(names = "--estimator", paramLabel = "EST", converter = LowerCaseEnums.DensityEstimatorConverter.class,
      description = "dbvae: how rare a latent position is judged each epoch: knn (k-NN density in the joint latent "
          + "space), multiscale (k-NN rarity at several neighbourhood sizes, effective sample size 20%%) or histogram "
          + "(per-dimension histograms, the paper's). Default: knn.")
  dev.dgmspark.debias.DensityEstimator estimator;

  @Option(names = "--gamma", paramLabel = "G",
      description = "dbvae with --estimator knn: strength of the resampling, weight ~ (relative density + 0.01)^-G; "
          + "0 to 4. Default: 1.")
  Double gamma;

  @Option(names = "--no-baseline", description = "dbvae: skip the baseline (no comparison in summary.json).")
  boolean noBaseline;

  @Option(names = "--max-train-minutes", defaultValue = "0", paramLabel = "M",
      description = "Time budget: no new epoch starts once the training time plus the last epoch's would exceed M "
          + "minutes (0: none). Default: ${DEFAULT-VALUE}.")
  double maxTrainMinutes;

  @Option(names = "--trainer", defaultValue = "averaging", paramLabel = "KIND",
      description = "How epochs are spread over the workers: averaging (the engine's averaging rounds; every model) "
          + "or dl4j-spark (Deeplearning4j's ParameterAveragingTrainingMaster; ae, vae, betavae). "
          + "Default: ${DEFAULT-VALUE}.")
  String trainer;

  @Option(names = "--resume", description = "Continue from the last checkpoint in --out; epoch numbers continue. The "
      + "model keeps the settings in its model.json: options that set them (e.g. --lr, --beta, --augment) are "
      + "ignored, with a warning.")
  boolean resume;

  /**
   * The options whose values a model folder's {@code model.json} records and {@code --resume} takes from there (each
   * family's training reads its configuration from the folder when resuming); the others (epochs, batch sizes,
   * workers, averaging, seed of the minibatch order, time budget, trainer, evaluation samples, test set) apply to the
   * resumed run.
   */
  static final List<String> MODEL_SETTINGS = List.of("--latent-dim", "--beta", "--likelihood", "--lr", "--condition",
      "--condition-mode", "--augment", "--source", "--target", "--l1-weight", "--domain-a", "--domain-b",
      "--cycle-weight", "--identity-weight", "--keep-weight", "--d-steps", "--beta1", "--label-smoothing", "--filters",
      "--schedule", "--timesteps", "--ema", "--r1", "--refine-layers", "--minibatch-std", "--lr-decay",
      "--class-weight", "--vae-loss", "--estimator", "--gamma");

  @Option(names = "--overwrite", description = "Replace a finished model in --out.")
  boolean overwrite;

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() throws Exception {
    TrainOptions options = options();
    PrintWriter outWriter = spec.commandLine().getOut();
    List<String> ignored = ignoredOnResume();
    if (!ignored.isEmpty()) {
      PrintWriter err = spec.commandLine().getErr();
      err.printf("train: warning: --resume continues the model in --out with the settings in its model.json; "
          + "ignored: %s (train a new model to change them)%n", String.join(", ", ignored));
      err.flush();
    }
    if (options.kind().adversarial()) {
      GanOptions gan = ganOptions(options);
      try (SparkSession spark = sparkOptions.session("train")) {
        TrainingSummary summary = GanTraining.run(spark, gan).summary();
        GanFigures figures = (GanFigures) summary.figures();
        outWriter.printf("train: %s, %s epochs, D loss %s, G loss %s, D(x) %s, D(G(z)) %s, %s examples/s%n",
            summary.model(), summary.epochs(), figures.finalDLoss(), figures.finalGLoss(), figures.finalDReal(),
            figures.finalDFake(), summary.examplesPerSecond());
        outWriter.printf("model: %s/model.zip, metrics: %s/metrics.csv, samples: %s/samples-epoch-%s.png, "
            + "quality figures: %s/summary.json%n", summary.out(), summary.out(), summary.out(), summary.epochs(),
            summary.out());
        outWriter.flush();
      }
      return 0;
    }
    if (options.kind() == ModelKind.DIFFUSION) {
      DiffusionOptions diffusion = diffusionOptions(options);
      try (SparkSession spark = sparkOptions.session("train")) {
        TrainingSummary summary = DiffusionTraining.run(spark, diffusion).summary();
        DiffusionFigures figures = (DiffusionFigures) summary.figures();
        outWriter.printf("train: diffusion, %s epochs, noise MSE %s (held out: %s, moving average %s), %s "
            + "examples/s%n", summary.epochs(), figures.finalNoiseMse(), figures.heldOutNoiseMse(),
            figures.heldOutNoiseMseAverage(), summary.examplesPerSecond());
        outWriter.printf("model: %s/model.zip, metrics: %s/metrics.csv, samples: %s/%s (DDIM, %s steps)%n",
            summary.out(), summary.out(), summary.out(), figures.samples(), figures.samplesSteps());
        outWriter.flush();
      }
      return 0;
    }
    if (options.kind() == ModelKind.PIX2PIX) {
      Pix2PixOptions pix2pix = pix2pixOptions(options);
      try (SparkSession spark = sparkOptions.session("train")) {
        TrainingSummary summary = Pix2PixTraining.run(spark, pix2pix).summary();
        Pix2PixFigures figures = (Pix2PixFigures) summary.figures();
        outWriter.printf("train: pix2pix, %s epochs, D loss %s, G adversarial %s, L1 %s, %s examples/s%n",
            summary.epochs(), figures.finalDLoss(), figures.finalGAdv(), figures.finalL1(),
            summary.examplesPerSecond());
        if (figures.measured() != null) {
          outWriter.printf("held-out pairs: %s, l1_ratio %s, target_rate %s (untranslated inputs %s)%n",
              figures.measured().heldOutPairs(), figures.measured().l1Ratio(), figures.measured().targetRate(),
              figures.measured().inputTargetRate());
        }
        outWriter.printf("model: %s/model.zip, translations: %s/translations-epoch-%s.png, figures: "
            + "%s/summary.json%n", summary.out(), summary.out(), summary.epochs(), summary.out());
        outWriter.flush();
      }
      return 0;
    }
    if (options.kind() == ModelKind.CYCLEGAN) {
      CycleGanOptions cyclegan = cycleGanOptions(options);
      try (SparkSession spark = sparkOptions.session("train")) {
        TrainingSummary summary = CycleGanTraining.run(spark, cyclegan).summary();
        CycleGanFigures figures = (CycleGanFigures) summary.figures();
        outWriter.printf("train: cyclegan, %s epochs, D loss %s (A) %s (B), G adversarial %s, cycle L1 %s, "
            + "identity L1 %s, %s examples/s%n", summary.epochs(), figures.finalDLossA(), figures.finalDLossB(),
            figures.finalGAdv(), figures.finalCycleL1(), figures.finalIdentityL1(), summary.examplesPerSecond());
        if (figures.measured() != null) {
          CycleGanQuality.Figures m = figures.measured();
          outWriter.printf("held-out images of each domain: %s; a->b target_rate %s (untranslated inputs %s), "
              + "kept_rate %s, cycle_l1 %s; b->a target_rate %s, kept_rate %s, cycle_l1 %s%n", m.heldOut(),
              m.targetRate(), m.inputTargetRate(), m.keptRate(), m.cycleL1(), m.targetRateB2a(), m.keptRateB2a(),
              m.cycleL1B2a());
          if (m.keeperKeptRate() != null) {
            outWriter.printf("kept_rate as the keeping classifier reads it: a->b %s, b->a %s%n", m.keeperKeptRate(),
                m.keeperKeptRateB2a());
          }
        }
        outWriter.printf("model: %s/model.zip, translations: %s/translations-epoch-%s.png, figures: "
            + "%s/summary.json%n", summary.out(), summary.out(), summary.epochs(), summary.out());
        outWriter.flush();
      }
      return 0;
    }
    if (options.kind() == ModelKind.DBVAE) {
      DbVaeOptions dbvae = dbvaeOptions(options);
      try (SparkSession spark = sparkOptions.session("train")) {
        TrainingSummary summary = DbVaeTraining.run(spark, dbvae).summary();
        DbVaeFigures figures = (DbVaeFigures) summary.figures();
        outWriter.printf("train: dbvae, %s epochs, held-out accuracy %s%%, %s examples/s%n", summary.epochs(),
            figures.finalAccuracy(), summary.examplesPerSecond());
        if (figures.accuracyMean() != null) {
          outWriter.printf("accuracy per group on %s test images: mean %s, variance %s; variance ratio (baseline / "
              + "dbvae) %s%n", figures.testImages(), figures.accuracyMean(), figures.accuracyVariance(),
              figures.varianceRatio());
        }
        outWriter.printf("model: %s/model.zip, baseline: %s/baseline, figures: %s/summary.json%n", summary.out(),
            summary.out(), summary.out());
        outWriter.flush();
      }
      return 0;
    }
    try (SparkSession spark = sparkOptions.session("train")) {
      TrainingSummary summary = VaeTraining.run(spark, options).summary();
      VaeFigures figures = (VaeFigures) summary.figures();
      outWriter.printf("train: %s, %s epochs, final loss %s (reconstruction %s, KL %s), %s examples/s%n",
          summary.model(), summary.epochs(), figures.finalLoss(), figures.finalReconstruction(), figures.finalKl(),
          summary.examplesPerSecond());
      if (figures.reconAttributeAccuracyRatio() != null) {
        outWriter.printf("reconstructions keep %s of the attribute classifier's accuracy (worst attribute)%n",
            figures.reconAttributeAccuracyRatio());
      }
      outWriter.printf("model: %s/model.zip, metrics: %s/metrics.csv, reconstructions: %s/recon.png%n",
          summary.out(), summary.out(), summary.out());
      outWriter.flush();
    }
    return 0;
  }

  TrainOptions options() {
    boolean gan = model.adversarial();
    boolean translation = model.translation();
    if (translation && latentDim != null) {
      throw Validation.invalid(spec, "--latent-dim", model + " has no latent or noise vector; only for --model ae, "
          + "vae, betavae, dbvae, gan or cgan");
    }
    // An autoencoder's latent size, learning rate and batch size follow its likelihood, which may follow the images:
    // left to TrainOptions.withAutoencoderDefaults when not given.
    boolean autoencoder = model.autoencoder();
    int latent = latentDim != null ? latentDim : gan ? GanOptions.DEFAULT_NOISE
        : autoencoder ? TrainOptions.BY_DEFAULTS : TrainOptions.DEFAULT_LATENT_DIM;
    boolean diffusion = model == ModelKind.DIFFUSION;
    double lr = learningRate != null ? learningRate : gan ? GanOptions.DEFAULT_LEARNING_RATE
        : translation ? Pix2PixOptions.DEFAULT_LEARNING_RATE : diffusion ? DiffusionConfig.DEFAULT_LEARNING_RATE
        : TrainOptions.BY_DEFAULTS;
    int batch = batchSize != null ? batchSize : autoencoder ? TrainOptions.BY_DEFAULTS
        : TrainOptions.DEFAULT_BATCH_SIZE;
    if (latentDim != null) {
      Validation.inRange(spec, "--latent-dim", latent, 1, 1024);
    }
    Validation.inRange(spec, "--epochs", epochs, 1, 100_000);
    if (batchSize != null) {
      Validation.inRange(spec, "--batch-size", batch, 1, 1_000_000);
    }
    Validation.inRange(spec, "--batch-size-per-worker", batchSizePerWorker, 0, 1_000_000);
    if (learningRate != null) {
      Validation.inRange(spec, "--lr", lr, 1e-9, 1.0);
    }
    Validation.inRange(spec, "--workers", workers, 0, 100_000);
    Validation.inRange(spec, "--averaging-frequency", averagingFrequency, 0, 100_000);
    Validation.inRange(spec, "--max-batches", maxBatches, 0, Integer.MAX_VALUE);
    double b = beta != null ? beta : TrainOptions.defaultBeta(model);
    Validation.inRange(spec, "--beta", b, 0.0, 1e6);
    Likelihood decoder = null;
    if (likelihood != null) {
      if (gan || translation) {
        throw Validation.invalid(spec, "--likelihood", "only for --model ae, vae, betavae or dbvae");
      }
      try {
        decoder = Likelihood.of(likelihood);
      } catch (IllegalArgumentException e) {
        throw Validation.invalid(spec, "--likelihood", "'" + likelihood + "' is not one of: " + Likelihood.allowed());
      }
    }
    if (diffusion) {
      String autoencoderOnly = latentDim != null ? "--latent-dim" : beta != null ? "--beta" : likelihood != null
          ? "--likelihood" : null;
      if (autoencoderOnly != null) {
        throw Validation.invalid(spec, autoencoderOnly, "not for --model diffusion (it has no latent code)");
      }
      if (trainer.equals("dl4j-spark")) {
        throw Validation.invalid(spec, "--trainer", "diffusion draws timesteps and noise in its own step: use "
            + "--trainer averaging");
      }
    } else {
      String diffusionOnly = schedule != null ? "--schedule" : timesteps != null ? "--timesteps" : null;
      if (diffusionOnly != null) {
        throw Validation.invalid(spec, diffusionOnly, "only for --model diffusion");
      }
      if (ema != null && !gan && model != ModelKind.CYCLEGAN) {
        throw Validation.invalid(spec, "--ema", "only for --model diffusion, gan, cgan or cyclegan");
      }
    }
    if ((model == ModelKind.AE || gan || translation) && beta != null) {
      throw Validation.invalid(spec, "--beta", "the " + model + " model has no KL term; use --model vae or betavae");
    }
    if (!gan) {
      String ganOnly = !condition.isEmpty() ? "--condition" : dSteps != null ? "--d-steps" : labelSmoothing != null
          ? "--label-smoothing" : r1 != null ? "--r1" : refineLayers != null ? "--refine-layers"
          : minibatchStd != null ? "--minibatch-std" : lrDecay != null ? "--lr-decay" : null;
      if (ganOnly != null) {
        throw Validation.invalid(spec, ganOnly, "only for --model gan or cgan");
      }
      if (augment != null && model != ModelKind.CYCLEGAN) {
        throw Validation.invalid(spec, "--augment", "only for --model gan, cgan or cyclegan");
      }
    }
    if (!gan && !translation) {
      String adversarialOnly = beta1 != null ? "--beta1" : filters != null && !diffusion ? "--filters"
          : evalSamples != null ? "--eval-samples" : null;
      if (adversarialOnly != null) {
        throw Validation.invalid(spec, adversarialOnly, "only for --model gan, cgan, pix2pix or cyclegan"
            + (adversarialOnly.equals("--filters") ? " (and diffusion)" : ""));
      }
    }
    if (model != ModelKind.PIX2PIX) {
      String pix2pixOnly = source != null ? "--source" : target != null ? "--target" : l1Weight != null
          ? "--l1-weight" : null;
      if (pix2pixOnly != null) {
        throw Validation.invalid(spec, pix2pixOnly, "only for --model pix2pix"
            + (model == ModelKind.CYCLEGAN ? " (cyclegan takes --domain-a and --domain-b)" : ""));
      }
    } else if (!resume && (source == null || target == null)) {
      throw Validation.invalid(spec, source == null ? "--source" : "--target", "--model pix2pix needs the pairs' "
          + "input and output sides, e.g. --source glasses=no --target glasses=yes");
    }
    if (model != ModelKind.CYCLEGAN) {
      String cycleGanOnly = domainA != null ? "--domain-a" : domainB != null ? "--domain-b" : cycleWeight != null
          ? "--cycle-weight" : identityWeight != null ? "--identity-weight" : keepWeight != null ? "--keep-weight"
          : null;
      if (cycleGanOnly != null) {
        throw Validation.invalid(spec, cycleGanOnly, "only for --model cyclegan");
      }
    } else if (!resume && (domainA == null || domainB == null)) {
      throw Validation.invalid(spec, domainA == null ? "--domain-a" : "--domain-b", "--model cyclegan needs its two "
          + "domains, e.g. --domain-a skin_tone=light --domain-b skin_tone=dark");
    }
    if (model != ModelKind.DBVAE) {
      String dbvaeOnly = label != null ? "--label" : !groups.isEmpty() ? "--groups" : test != null ? "--test"
          : classWeight != null ? "--class-weight" : vaeLoss != null ? "--vae-loss" : estimator != null
          ? "--estimator" : gamma != null ? "--gamma" : noBaseline ? "--no-baseline" : null;
      if (dbvaeOnly != null) {
        throw Validation.invalid(spec, dbvaeOnly, "only for --model dbvae");
      }
    } else if (label == null) {
      throw Validation.invalid(spec, "--label", "--model dbvae needs the attribute to classify, e.g. --label "
          + "glasses=yes");
    } else if (trainer.equals("dl4j-spark")) {
      throw Validation.invalid(spec, "--trainer", "dbvae draws every epoch's minibatches itself: use --trainer "
          + "averaging");
    }
    if (model == ModelKind.GAN && !condition.isEmpty()) {
      throw Validation.invalid(spec, "--condition", "only for --model cgan (gan is unconditional)");
    }
    if (model != ModelKind.CGAN && conditionMode != null) {
      throw Validation.invalid(spec, "--condition-mode", "only for --model cgan");
    }
    if (model == ModelKind.CGAN && condition.isEmpty() && !resume) {
      throw Validation.invalid(spec, "--condition", "--model cgan needs the attribute columns to condition on, "
          + "e.g. --condition hair_color,glasses");
    }
    if (resume && overwrite) {
      throw Validation.invalid(spec, "--resume", "cannot be combined with --overwrite");
    }
    Validation.inRange(spec, "--max-train-minutes", maxTrainMinutes, 0.0, 1e7);
    TrainerKind trainerKind = switch (trainer) {
      case "averaging" -> TrainerKind.AVERAGING;
      case "dl4j-spark" -> TrainerKind.DL4J_SPARK;
      default -> throw Validation.invalid(spec, "--trainer", "'" + trainer + "' is not one of: averaging, dl4j-spark");
    };
    if (trainerKind == TrainerKind.DL4J_SPARK && (gan || translation)) {
      throw Validation.invalid(spec, "--trainer", "dl4j-spark trains one network; gan, cgan, pix2pix and cyclegan "
          + "train several: use --trainer averaging");
    }
    return new TrainOptions(model, data, out, latent, b, decoder, epochs, batch, batchSizePerWorker, lr,
        seed, workers, averagingFrequency > 0 ? averagingFrequency : TrainOptions.defaultAveragingFrequency(model),
        maxBatches, maxTrainMinutes, trainerKind, resume, overwrite);
  }

  /** The {@link #MODEL_SETTINGS} given on a command line with {@code --resume}: the resumed model ignores them. */
  List<String> ignoredOnResume() {
    if (!resume) {
      return List.of();
    }
    ParseResult parsed = spec.commandLine().getParseResult();
    return MODEL_SETTINGS.stream().filter(parsed::hasMatchedOption).toList();
  }

  DbVaeOptions dbvaeOptions(TrainOptions train) {
    DbVaeOptions options = DbVaeOptions.of(train, label, groups).withTest(test).withBaseline(!noBaseline);
    if (groups.size() > 2) {
      throw Validation.invalid(spec, "--groups", "names " + groups.size() + " columns; give one or two");
    }
    if (classWeight != null) {
      Validation.inRange(spec, "--class-weight", classWeight, 1e-6, 1e6);
      options = options.withClassWeight(classWeight);
    }
    if (vaeLoss != null) {
      try {
        options = options.withVaeLoss(VaeLossScope.of(vaeLoss));
      } catch (IllegalArgumentException e) {
        throw Validation.invalid(spec, "--vae-loss", "'" + vaeLoss + "' is not one of: " + VaeLossScope.allowed());
      }
    }
    if (estimator != null) {
      options = options.withResampling(options.resampling().withEstimator(estimator));
    }
    if (gamma != null) {
      Validation.inRange(spec, "--gamma", gamma, 0.0, 4.0);
      options = options.withResampling(options.resampling().withKnn(options.resampling().knn().withGamma(gamma)));
    }
    return options;
  }

  DiffusionOptions diffusionOptions(TrainOptions train) {
    DiffusionOptions options = DiffusionOptions.of(train);
    if (schedule != null) {
      try {
        options = options.withSchedule(ScheduleKind.of(schedule));
      } catch (IllegalArgumentException e) {
        throw Validation.invalid(spec, "--schedule", "'" + schedule + "' is not one of: " + ScheduleKind.allowed());
      }
    }
    if (timesteps != null) {
      Validation.inRange(spec, "--timesteps", timesteps, 2, 100_000);
      options = options.withTimesteps(timesteps);
    }
    if (ema != null) {
      Validation.inRange(spec, "--ema", ema, 0.0, 0.999999);
      options = options.withEma(ema);
    }
    if (filters != null) {
      Validation.inRange(spec, "--filters", filters, 1, 512);
      options = options.withFilters(filters);
    }
    return options;
  }

  Pix2PixOptions pix2pixOptions(TrainOptions train) {
    Pix2PixOptions defaults = Pix2PixOptions.of(train, source, target);
    double lambda = l1Weight != null ? l1Weight : defaults.l1Weight();
    double b1 = beta1 != null ? beta1 : defaults.beta1();
    int f = filters != null ? filters : defaults.filters();
    int samples = evalSamples != null ? evalSamples : defaults.evalSamples();
    Validation.inRange(spec, "--l1-weight", lambda, 0.0, 1e6);
    Validation.inRange(spec, "--beta1", b1, 0.0, 0.999999);
    Validation.inRange(spec, "--filters", f, 1, 512);
    Validation.inRange(spec, "--eval-samples", samples, 0, 1_000_000);
    return new Pix2PixOptions(train, source, target, lambda, b1, f, samples);
  }

  CycleGanOptions cycleGanOptions(TrainOptions train) {
    CycleGanOptions defaults = CycleGanOptions.of(train, domainA, domainB);
    double cycle = cycleWeight != null ? cycleWeight : defaults.cycleWeight();
    double identity = identityWeight != null ? identityWeight : defaults.identityWeight();
    double b1 = beta1 != null ? beta1 : defaults.beta1();
    int f = filters != null ? filters : defaults.filters();
    int samples = evalSamples != null ? evalSamples : defaults.evalSamples();
    Validation.inRange(spec, "--cycle-weight", cycle, 0.0, 1e6);
    Validation.inRange(spec, "--identity-weight", identity, 0.0, 1e6);
    double keep = keepWeight != null ? keepWeight : defaults.keepWeight();
    Validation.inRange(spec, "--keep-weight", keep, 0.0, 1e6);
    Validation.inRange(spec, "--beta1", b1, 0.0, 0.999999);
    Validation.inRange(spec, "--filters", f, 1, 512);
    Validation.inRange(spec, "--eval-samples", samples, 0, 1_000_000);
    double decay = ema != null ? ema : defaults.ema();
    Validation.inRange(spec, "--ema", decay, 0.0, 0.999999);
    return new CycleGanOptions(train, domainA, domainB, cycle, identity, b1, f, samples,
        augmentPolicy(defaults.augment()), decay, keep);
  }

  GanOptions ganOptions(TrainOptions train) {
    GanOptions defaults = GanOptions.of(train, condition);
    int k = dSteps != null ? dSteps : defaults.dSteps();
    double b1 = beta1 != null ? beta1 : defaults.beta1();
    double smoothing = labelSmoothing != null ? labelSmoothing : defaults.labelSmoothing();
    int f = filters != null ? filters : defaults.filters();
    int samples = evalSamples != null ? evalSamples : defaults.evalSamples();
    Validation.inRange(spec, "--d-steps", k, 1, 100);
    Validation.inRange(spec, "--beta1", b1, 0.0, 0.999999);
    Validation.inRange(spec, "--label-smoothing", smoothing, 0.0, 0.499999);
    Validation.inRange(spec, "--filters", f, 1, 512);
    Validation.inRange(spec, "--eval-samples", samples, 0, 1_000_000);
    double decay = ema != null ? ema : defaults.ema();
    Validation.inRange(spec, "--ema", decay, 0.0, 0.999999);
    double penalty = r1 != null ? r1 : defaults.r1();
    Validation.inRange(spec, "--r1", penalty, 0.0, 1000.0);
    int refine = refineLayers != null ? refineLayers : defaults.refineLayers();
    Validation.inRange(spec, "--refine-layers", refine, 0, GanConfig.MAX_REFINE_LAYERS);
    int group = minibatchStd != null ? minibatchStd : defaults.minibatchStd();
    Validation.inRange(spec, "--minibatch-std", group, 0, GanConfig.MAX_MINIBATCH_STD);
    if (group == 1) {
      throw Validation.invalid(spec, "--minibatch-std", "a group of 1 has no spread; 0 (none) or 2 to "
          + GanConfig.MAX_MINIBATCH_STD);
    }
    boolean linearDecay = defaults.lrDecay();
    if (lrDecay != null) {
      if (!GanOptions.LR_DECAY_VALUES.contains(lrDecay)) {
        throw Validation.invalid(spec, "--lr-decay", "'" + lrDecay + "' is not one of: "
            + String.join(", ", GanOptions.LR_DECAY_VALUES));
      }
      linearDecay = lrDecay.equals("linear");
    }
    ConditionMode mode = defaults.conditionMode();
    if (conditionMode != null) {
      try {
        mode = ConditionMode.of(conditionMode);
      } catch (IllegalArgumentException e) {
        throw Validation.invalid(spec, "--condition-mode", "'" + conditionMode + "' is not one of: "
            + ConditionMode.allowed());
      }
    }
    return new GanOptions(train, condition, k, b1, smoothing, f, samples, mode, augmentPolicy(defaults.augment()),
        decay, penalty, refine, group, linearDecay);
  }

  /** {@code --augment} parsed, or {@code fallback} when it is not given. */
  private DiffAugment.Policy augmentPolicy(DiffAugment.Policy fallback) {
    if (augment == null) {
      return fallback;
    }
    try {
      return DiffAugment.Policy.parse(augment);
    } catch (IllegalArgumentException e) {
      throw Validation.invalid(spec, "--augment", e.getMessage());
    }
  }
}
