package org.umsrollout.activities.central;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestEnvironmentOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.umsrollout.workflows.model.BackupSpec;
import org.umsrollout.workflows.model.DatabaseKind;
import org.umsrollout.workflows.model.DatabaseSpec;
import org.umsrollout.workflows.ports.BackupRequest;
import org.umsrollout.workflows.ports.CentralActivities;
import org.umsrollout.workflows.ports.DatabaseQuery;
import org.umsrollout.workflows.status.BackupRecord;
import org.umsrollout.workflows.temporal.DataConverters;
import org.umsrollout.workflows.temporal.FailureTypes;

/**
 * P3 for SQL Server and Oracle: the inventory's backup and verify commands, here plain shell
 * commands, run through the orchestrator's default backup methods.
 */
class ConfiguredToolBackupTest {
  @TempDir Path backups;
  private TestActivityEnvironment env;
  private CentralActivities central;

  @BeforeEach
  void environment() {
    env =
        TestActivityEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setDataConverter(DataConverters.rollout())
                        .build())
                .build());
    env.registerActivitiesImplementations(new CentralActivitiesImpl(backups));
    central =
        env.newActivityStub(
            CentralActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  @AfterEach
  void closeEnvironment() {
    env.close();
  }

  @Test
  void runsTheBackupCommandAndRecordsTheVerifiedFile_P3() throws Exception {
    BackupRecord record =
        backup(
            DatabaseKind.SQLSERVER,
            new BackupSpec(
                null,
                List.of("sh", "-c", "echo 'BACKUP DATABASE rmdb' > {file}"),
                List.of("test", "-s", "{file}")));

    Path file = backups.resolve("site-run1.bak");
    assertThat(record.location()).isEqualTo(file.toString());
    assertThat(file).hasContent("BACKUP DATABASE rmdb");
    assertThat(record.sizeBytes()).isEqualTo(Files.size(file)).isPositive();
    assertThat(record.sha256()).isEqualTo(Checksums.sha256(file));
    assertThat(record.method()).startsWith("SQL Server backup command [sh, -c,");
    assertThat(record.verified()).isTrue();
    assertThat(record.verification()).isEqualTo("verify command [test, -s, " + file + "] exited 0");
  }

  @Test
  void failingVerifyCommandLeavesTheBackupUnverified_P3() {
    BackupRecord record =
        backup(
            DatabaseKind.ORACLE,
            new BackupSpec(
                null,
                List.of("sh", "-c", "echo dump > {file}"),
                List.of("sh", "-c", "echo 'ORA-39000: bad dump file' >&2; exit 3")));

    assertThat(record.location()).endsWith("site-run1.dmp");
    assertThat(record.verified()).isFalse();
    assertThat(record.verification()).contains("exited 3: ORA-39000: bad dump file");
  }

  @Test
  void failingBackupCommandFailsWithItsStderr_P3() {
    assertBackupFails(
        () ->
            backup(
                DatabaseKind.SQLSERVER,
                new BackupSpec(
                    null,
                    List.of(
                        "sh",
                        "-c",
                        "echo 'Msg 3201: Cannot open backup device' $0 >&2; exit 1",
                        "{file}"),
                    List.of("test", "-s", "{file}"))),
        "exited 1: Msg 3201: Cannot open backup device " + backups.resolve("site-run1.bak"));
  }

  @Test
  void backupCommandThatWritesNothingFails_P3() {
    assertBackupFails(
        () ->
            backup(
                DatabaseKind.SQLSERVER,
                new BackupSpec(null, List.of("true", "{file}"), List.of("test", "-s", "{file}"))),
        "exited 0 but wrote no backup at");
  }

  @Test
  void missingBackupCommandIsRefusedNamingTheInventoryField_P3() {
    assertBackupFails(
        () -> backup(DatabaseKind.SQLSERVER, null), "database.backup.command is not set");
    assertBackupFails(
        () -> backup(DatabaseKind.ORACLE, new BackupSpec("/ignored", List.of(), List.of())),
        "database.backup.command is not set");
  }

  @Test
  void missingVerifyCommandIsRefusedSinceP3AsksForAReadableBackup_P3() {
    assertBackupFails(
        () ->
            backup(
                DatabaseKind.SQLSERVER,
                new BackupSpec(null, List.of("sh", "-c", "echo x > {file}"), null)),
        "database.backup.verifyCommand is not set");
    assertThat(backups.resolve("site-run1.bak")).doesNotExist();
  }

  @Test
  void postgresIsBackedUpWithPgDumpByDefault_P3() {
    assertBackupFails(
        () ->
            central.backup(
                new BackupRequest(
                    new DatabaseQuery(
                        "site",
                        new DatabaseSpec(
                            DatabaseKind.POSTGRESQL,
                            "jdbc:postgresql://127.0.0.1:1/rmdb",
                            "ums",
                            "UMS_ROLLOUT_TEST_VARIABLE_THAT_IS_NOT_SET",
                            false,
                            new BackupSpec(backups.toString(), null, null))),
                    "site-run1")),
        "environment variable UMS_ROLLOUT_TEST_VARIABLE_THAT_IS_NOT_SET (the database password,"
            + " database.passwordEnv) is not set");
  }

  private BackupRecord backup(DatabaseKind kind, BackupSpec spec) {
    return central.backup(
        new BackupRequest(
            new DatabaseQuery(
                "site",
                new DatabaseSpec(kind, "jdbc:sqlserver://db:1433", "sa", null, false, spec)),
            "site-run1"));
  }

  private static void assertBackupFails(ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .satisfies(
            f -> {
              ApplicationFailure failure = (ApplicationFailure) f;
              assertThat(failure.getType()).isEqualTo(FailureTypes.BACKUP_FAILED.type());
              assertThat(failure.getOriginalMessage()).contains(message);
            });
  }
}
