/**
 * Building blocks the model families share and know nothing of Spark: the choice of ND4J's native build
 * ({@link dev.dgmspark.nn.NativeBackend}) and layers that run on it fast ({@link dev.dgmspark.nn.OneDnnConvolution}).
 */
package dev.dgmspark.nn;
