package dev.dgmspark.vae;

import dev.dgmspark.engine.GraphFamily;
import dev.dgmspark.engine.ModelFamily;
import dev.dgmspark.engine.NoiseStream;
import dev.dgmspark.engine.StepMetrics;
import dev.dgmspark.minibatch.BatchLabels;
import dev.dgmspark.minibatch.ImageBatchFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.deeplearning4j.core.loader.MultiDataSetLoader;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The autoencoder family (ae, vae, betavae) on the training engine: one graph ({@link VaeNetwork}) fitted on each
 * minibatch; its step figure is the minibatch score (the negative ELBO per example).
 *
 * @param config the network's shape and settings
 */
public record VaeFamily(VaeConfig config) implements ModelFamily<VaeModel, MultiDataSet>, GraphFamily<VaeModel> {
  /** The step figure: DL4J's minibatch score. */
  public static final String TRAIN_SCORE = "train_score";

  @Override
  public VaeModel create() {
    return new VaeModel(VaeNetwork.build(config));
  }

  @Override
  public VaeModel read(InputStream in) throws IOException {
    return VaeModel.read(in);
  }

  @Override
  public boolean needsLabels() {
    return false;
  }

  @Override
  public MultiDataSet batch(ImageBatchFile images, BatchLabels labels) {
    return loader().toMultiDataSet(images);
  }

  @Override
  public List<String> stepFigures() {
    return List.of(TRAIN_SCORE);
  }

  @Override
  public void step(VaeModel model, List<MultiDataSet> batches, NoiseStream noise, StepMetrics metrics) {
    model.fitEach(batches, metrics, TRAIN_SCORE);
  }

  @Override
  public ComputationGraph graph(VaeModel model) {
    return model.network();
  }

  @Override
  public VaeModel wrap(ComputationGraph graph) {
    return new VaeModel(graph);
  }

  @Override
  public ImageBatchLoader loader() {
    return new ImageBatchLoader(config.kind(), config.latentDim());
  }
}
