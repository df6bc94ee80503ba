/** Pictures people look at: image grids, and the debias report's plot of the weights ({@code WeightHistogram}). */
package dev.dgmspark.report;
