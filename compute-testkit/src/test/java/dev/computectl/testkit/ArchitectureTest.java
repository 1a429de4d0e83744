package dev.computectl.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dependency rules of the modules, checked on their production classes (this module's test
 * classpath has all of them). Test code, compute-spec's test-jar and the benchmark are left out.
 */
class ArchitectureTest {

  private static final String[] MODULES = {"spec", "sql", "core", "http", "launcher", "testkit"};

  /** Leaves out test classes, also in target-&lt;suffix&gt;/ folders and in *-tests.jar files. */
  private static final ImportOption PRODUCTION_ONLY = (Location location) ->
      !location.contains("/test-classes/") && !location.contains("-tests.jar");

  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .withImportOption(PRODUCTION_ONLY)
      .importPackages("dev.computectl");

  @Test
  void everyModuleIsImported() {
    for (String module : MODULES) {
      boolean found = CLASSES.stream()
          .anyMatch(c -> c.getPackageName().startsWith("dev.computectl." + module));
      if (!found) {
        throw new AssertionError("no production class of dev.computectl." + module + " imported");
      }
    }
  }

  /** The planner works on snapshots; only the executor and the catalog reader talk JDBC. */
  @Test
  void plannerUsesNoJdbc() {
    noClasses().that().resideInAPackage("dev.computectl.sql.plan..")
        .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..")
        .because("the planner turns a spec and a catalog snapshot into commands without a connection")
        .check(CLASSES);
  }

  /** compute-core is the compute without its adapters: HTTP lives in compute-http, signals in
   * compute-launcher. */
  @Test
  void coreUsesNoHttpServerAndNoPosix() {
    noClasses().that().resideInAPackage("dev.computectl.core..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.javalin..", "org.eclipse.jetty..", "jnr..")
        .because("Javalin/Jetty belong to compute-http and jnr-posix to compute-launcher")
        .check(CLASSES);
  }

  /** A package named {@code internal} is its module's own business, with no compatibility promise. */
  @ParameterizedTest
  @ValueSource(strings = {"spec", "sql", "core", "http", "launcher", "testkit"})
  void noModuleReachesIntoAnotherModulesInternalPackage(String module) {
    String root = "dev.computectl." + module;
    noClasses().that().resideOutsideOfPackage(root + "..")
        .should().dependOnClassesThat().resideInAPackage(root + ".internal..")
        .because(root + ".internal is private to " + root)
        .check(CLASSES);
  }

  /**
   * No cycles between the packages of one module. Each package below the module's root package is
   * a slice of its own (so {@code internal.io} and {@code internal.lifecycle} are two: a public
   * package may use a leaf helper of {@code internal} without a cycle). The root package itself
   * (the module's facade, which builds the internals) is not a slice. A module without
   * subpackages has nothing to check.
   */
  @ParameterizedTest
  @ValueSource(strings = {"spec", "sql", "core", "http", "launcher", "testkit"})
  void noPackageCyclesInsideAModule(String module) {
    slices().matching("dev.computectl." + module + ".(**)")
        .should().beFreeOfCycles()
        .allowEmptyShould(true)
        .check(CLASSES);
  }
}
