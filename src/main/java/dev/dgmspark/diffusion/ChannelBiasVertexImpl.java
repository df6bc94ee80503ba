package dev.dgmspark.diffusion;

import dev.dgmspark.nn.ParameterFreeVertexImpl;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;

/**
 * The running form of {@link ChannelBiasVertex}. Gradients: dL/dmap = dL/dout; dL/dvector[:, c] = Σ_{y,x}
 * dL/dout[:, c, y, x].
 */
final class ChannelBiasVertexImpl extends ParameterFreeVertexImpl {
  ChannelBiasVertexImpl(ComputationGraph graph, String name, int index, DataType dataType) {
    super(graph, name, index, dataType);
  }

  @Override
  public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (!canDoForward()) {
      throw new IllegalStateException("channel bias vertex " + vertexName + ": inputs not set");
    }
    INDArray map = inputs[0];
    INDArray vector = inputs[1];
    // Arrays made here live in the activations workspace, which lasts until the backward pass has run.
    try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
      INDArray out = map.dup('c');
      Broadcast.add(out, vector.castTo(map.dataType()), out, 0, 1);
      return out;
    }
  }

  @Override
  public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
    if (!canDoBackward()) {
      throw new IllegalStateException("channel bias vertex " + vertexName + ": backward pass before forward");
    }
    try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
      INDArray dMap = epsilon.dup();
      INDArray dVector = epsilon.sum(2, 3);
      return new Pair<>(null, new INDArray[] {dMap, dVector});
    }
  }
}
