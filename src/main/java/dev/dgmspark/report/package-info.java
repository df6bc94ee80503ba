/** Pictures and reports people look at: image grids, and later the debias report. */
package dev.dgmspark.report;
