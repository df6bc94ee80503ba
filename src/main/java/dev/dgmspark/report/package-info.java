/**
 * Pictures and pages people look at: image grids, plots drawn with JFreeChart ({@code Charts}), report pages with
 * their figures written beside them ({@code ReportPage}), and the debias report's plot of the weights
 * ({@code WeightHistogram}).
 */
package dev.dgmspark.report;
