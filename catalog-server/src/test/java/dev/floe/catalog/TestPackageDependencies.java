package dev.floe.catalog;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the server's packages depend on each other, checked on the compiled classes: no cycles,
 * and the layers of the request path point one way (resources → handlers → catalog, storage,
 * auth → stores). The libraries (policy, audit) never see the server.
 */
class TestPackageDependencies {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.floe");
  }

  @Test
  void theServersPackagesHaveNoCycles() {
    slices().matching("dev.floe.catalog.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void onlyResourcesAndPlumbingKnowJaxRs() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.floe.catalog.handler..", "dev.floe.catalog.iceberg..", "dev.floe.catalog.storage..", "dev.floe.catalog.metastore..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("jakarta.ws.rs..")
        .check(classes);
  }

  @Test
  void nothingBelowTheResourcesDependsOnThem() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.floe.catalog.handler..", "dev.floe.catalog.auth..", "dev.floe.catalog.iceberg..", "dev.floe.catalog.storage..",
            "dev.floe.catalog.metastore..", "dev.floe.catalog.access..", "dev.floe.catalog.http..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.floe.catalog.rest..", "dev.floe.catalog.management..")
        .check(classes);
  }

  @Test
  void theLibrariesNeverSeeTheServer() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.floe.policy..", "dev.floe.audit..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.floe.catalog..", "io.quarkus..", "jakarta.ws.rs..")
        .check(classes);
  }
}
