/**
 * Building blocks the model families share and know nothing of Spark: the choice of ND4J's native build
 * ({@link dev.dgmspark.nn.NativeBackend}), layers that run on it fast ({@link dev.dgmspark.nn.OneDnnConvolution}),
 * back-propagation of errors computed outside a network ({@link dev.dgmspark.nn.ExternalErrors}) and the guard that
 * keeps workspace-less native memory bounded ({@link dev.dgmspark.nn.NativeMemory}).
 */
package dev.dgmspark.nn;
