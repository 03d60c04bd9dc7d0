package org.umsrollout.workflows;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.File;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DESIGN.md: workflows knows no I/O and no other module; workflow code is deterministic. */
class ArchitectureTest {
  private static final String WORKFLOWS = "org.umsrollout.workflows..";
  private static final String ROLLOUT = "org.umsrollout.workflows.rollout..";

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.umsrollout.workflows");
  }

  @Test
  void importsTheWorkflowImplementation() {
    assertThat(main.stream().filter(c -> c.getPackageName().startsWith("org.umsrollout.workflows")))
        .hasSizeGreaterThan(20);
    assertThat(main.contain("org.umsrollout.workflows.rollout.RolloutWorkflowImpl")).isTrue();
    assertThat(main.contain("org.umsrollout.workflows.archfixture.ForbiddenInWorkflowCode"))
        .isFalse();
  }

  @Test
  void workflowsDependOnNoOtherModule() {
    noClasses()
        .that()
        .resideInAPackage(WORKFLOWS)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.umsrollout.client..",
            "org.umsrollout.activities..",
            "org.umsrollout.worker..",
            "org.umsrollout.starter..")
        .allowEmptyShould(false)
        .check(main);
  }

  @Test
  void workflowsUseNoDatabaseAndNoFiles() {
    noClasses()
        .that()
        .resideInAPackage(WORKFLOWS)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "java.nio.file..")
        .allowEmptyShould(false)
        .check(main);
  }

  @Test
  void workflowCodeReadsNoClockNoRandomAndDoesNotSleep() {
    deterministic(ROLLOUT).check(main);
  }

  @Test
  void workflowCodeDoesNoIo() {
    noIo(ROLLOUT).check(main);
  }

  @Test
  void theRulesCatchWhatTheyForbid() {
    JavaClasses fixture =
        new ClassFileImporter().importPackages("org.umsrollout.workflows.archfixture");

    String report =
        deterministic("org.umsrollout.workflows.archfixture..")
            .evaluate(fixture)
            .getFailureReport()
            .toString();

    assertThat(report)
        .contains("System.currentTimeMillis()")
        .contains("System.nanoTime()")
        .contains("Instant.now()")
        .contains("Random.<init>()")
        .contains("UUID.randomUUID()")
        .contains("Thread.sleep(long)");
    assertThat(noIo("org.umsrollout.workflows.archfixture..").evaluate(fixture).hasViolation())
        .isTrue();
  }

  private static ArchRule deterministic(String packages) {
    return noClasses()
        .that()
        .resideInAPackage(packages)
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethod(UUID.class, "randomUUID")
        .orShould()
        .callMethodWhere(target(name("sleep")).and(target(owner(equivalentTo(Thread.class)))))
        .orShould()
        .callMethodWhere(
            target(name("now"))
                .and(
                    target(
                        owner(
                            equivalentTo(Instant.class)
                                .or(equivalentTo(LocalDateTime.class))
                                .or(equivalentTo(LocalDate.class))
                                .or(equivalentTo(OffsetDateTime.class))
                                .or(equivalentTo(ZonedDateTime.class))))))
        .orShould()
        .callMethodWhere(target(owner(equivalentTo(Clock.class))))
        .orShould()
        .callConstructorWhere(target(owner(equivalentTo(Random.class))))
        .allowEmptyShould(false)
        .because("workflow code must replay the same way (DESIGN.md: no clock, random, sleep)");
  }

  private static ArchRule noIo(String packages) {
    return noClasses()
        .that()
        .resideInAPackage(packages)
        .should()
        .dependOnClassesThat(
            resideInAnyPackage("java.nio.file..", "java.net..", "java.sql..")
                .or(equivalentTo(File.class)))
        .allowEmptyShould(false)
        .because("workflow code does no I/O: activities do");
  }
}
