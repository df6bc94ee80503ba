package dev.dgmspark.vae;

import dev.dgmspark.nn.ParameterFreeVertexImpl;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The running form of {@link ReparameterizationVertex}: draws eps in the forward pass and keeps it (and the standard
 * deviation) for the backward pass.
 *
 * <p>Gradients: dL/dmu = dL/dz; dL/dlogvar = dL/dz · eps · ½ exp(logvar / 2).
 */
final class ReparameterizationVertexImpl extends ParameterFreeVertexImpl {
  private INDArray eps;
  private INDArray std;

  ReparameterizationVertexImpl(ComputationGraph graph, String name, int index, DataType dataType) {
    super(graph, name, index, dataType);
  }

  @Override
  public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (!canDoForward()) {
      throw new IllegalStateException("reparameterisation vertex " + vertexName + ": inputs not set");
    }
    INDArray mu = inputs[0];
    INDArray logvar = inputs[1];
    // Arrays made here live in the activations workspace, which lasts until the backward pass has run.
    try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
      if (!training) {
        eps = null;
        std = null;
        return mu.dup();
      }
      std = Transforms.exp(logvar.mul(0.5), false);
      eps = Nd4j.randn(mu.dataType(), mu.shape());
      return std.mul(eps).addi(mu);
    }
  }

  @Override
  public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
    if (!canDoBackward() || eps == null) {
      throw new IllegalStateException("reparameterisation vertex " + vertexName
          + ": backward pass without a training forward pass");
    }
    try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
      INDArray dMu = epsilon.dup();
      INDArray dLogvar = epsilon.mul(eps).muli(std).muli(0.5);
      return new Pair<>(null, new INDArray[] {dMu, dLogvar});
    }
  }

  @Override
  public void clearVertex() {
    super.clearVertex();
    eps = null;
    std = null;
  }
}
