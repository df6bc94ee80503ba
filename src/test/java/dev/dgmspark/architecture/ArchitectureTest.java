package dev.dgmspark.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout rules of DESIGN.md, checked on the compiled main classes: the top-level packages form no cycle, and the
 * math packages (each stage's Spark-free part: the model families, the engine's core, the samplers and the evaluation
 * measures among them) use no Spark, and the model families do not reach into the engine's Spark glue, the samplers
 * or the jobs. A new dependency that breaks them
 * fails the build.
 */
class ArchitectureTest {
  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.dgmspark");
  }

  @Test
  void topLevelPackagesFormNoCycle() {
    slices().matching("dev.dgmspark.(*)..").should().beFreeOfCycles().check(main);
  }

  @Test
  void modelFamiliesKnowNeitherTheEngineGlueNorTheJobs() {
    noClasses().that().resideInAnyPackage("dev.dgmspark.vae..", "dev.dgmspark.gan..", "dev.dgmspark.nn..",
            "dev.dgmspark.dbvae", "dev.dgmspark.diffusion",
            "dev.dgmspark.translate")
        .should().dependOnClassesThat().resideInAnyPackage("dev.dgmspark.engine.spark..", "dev.dgmspark.train..",
            "dev.dgmspark.cli..", "dev.dgmspark.sample..", "dev.dgmspark.generate..", "dev.dgmspark.evaluate..")
        .because("a family supplies networks, a local step and its pictures; the engine runs it (issue 12)")
        .check(main);
  }

  @Test
  void mathPackagesUseNoSpark() {
    noClasses().that().resideInAnyPackage("dev.dgmspark.debias", "dev.dgmspark.synth..",
            "dev.dgmspark.shard.image..", "dev.dgmspark.vae..", "dev.dgmspark.gan..", "dev.dgmspark.nn..",
            "dev.dgmspark.engine", "dev.dgmspark.minibatch..", "dev.dgmspark.quality..",
            "dev.dgmspark.common..", "dev.dgmspark.io..", "dev.dgmspark.report..", "dev.dgmspark.sample..",
            "dev.dgmspark.evaluate", "dev.dgmspark.traverse", "dev.dgmspark.outliers", "dev.dgmspark.dbvae",
            "dev.dgmspark.audit", "dev.dgmspark.diffusion",
            "dev.dgmspark.translate")
        .should().dependOnClassesThat().resideInAPackage("org.apache.spark..")
        .because("each stage keeps its math free of Spark and its Spark glue in a spark subpackage (DESIGN.md)")
        .check(main);
  }
}
