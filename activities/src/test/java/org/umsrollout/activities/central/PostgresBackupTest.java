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
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
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

/** P3 against a real PostgreSQL: pg_dump makes the backup, pg_restore --list reads it back. */
@Tag("real-process")
class PostgresBackupTest {
  private static final String PASSWORD_ENV = "UMS_TEST_DB_PASSWORD";
  private static PostgresCluster cluster;

  @TempDir Path backups;
  private TestActivityEnvironment env;
  private final List<String> heartbeats = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    // Skipping here would hide the reason: Surefire does not report a class aborted in @BeforeAll.
    cluster = PostgresCluster.startIfAvailable();
    if (cluster == null) {
      return;
    }
    try (Connection c = cluster.connect("postgres");
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE rmdb");
      st.execute("CREATE DATABASE other");
    }
    try (Connection c = cluster.connect("rmdb");
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE epr_processes (epr_process_id VARCHAR(64) PRIMARY KEY,"
              + " epr_process_host VARCHAR(255), epr_process_type VARCHAR(64),"
              + " epr_process_mode VARCHAR(64), epr_service_status VARCHAR(64),"
              + " epr_process_version VARCHAR(32))");
      st.execute(
          "INSERT INTO epr_processes VALUES"
              + " ('1', 'ums1', 'UMS_RMGUISERVER', 'Normal Mode', 'SERVICE_RUNNING', '12.05.100'),"
              + " ('2', 'ums2', 'UMS_RMGUISERVER', 'Normal Mode', 'SERVICE_RUNNING', '12.05.100'),"
              + " ('3', 'lb1', 'UMS_LOADBALANCER', 'Normal Mode', 'SERVICE_RUNNING', '12.05.100')");
      st.execute("CREATE TABLE ums_schema (schema_version VARCHAR(16))");
      st.execute("INSERT INTO ums_schema VALUES ('12.05')");
    }
    try (Connection c = cluster.connect("other");
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE unrelated (id INT)");
    }
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @BeforeEach
  void environment() {
    PostgresCluster.requireBinaries();
    env =
        TestActivityEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setDataConverter(DataConverters.rollout())
                        .build())
                .build());
    env.setActivityHeartbeatListener(String.class, heartbeats::add);
  }

  @AfterEach
  void closeEnvironment() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void backsUpRealPostgresAndVerifiesWithPgRestore_P3() throws Exception {
    BackupRecord record = backup(spec("rmdb", PASSWORD_ENV), PostgresCluster.PASSWORD);

    Path file = Path.of(record.location());
    assertThat(file).exists().hasParent(backups);
    assertThat(file.getFileName().toString()).isEqualTo("lab-run1.dump");
    assertThat(record.sizeBytes()).isPositive().isEqualTo(Files.size(file));
    assertThat(record.sha256()).isEqualTo(Checksums.sha256(file));
    assertThat(record.method()).startsWith("pg_dump --format=custom");
    assertThat(record.verified()).isTrue();
    assertThat(record.verification())
        .contains("pg_restore --list read")
        .contains("TOC entries")
        .contains("public.epr_processes and its data");
    assertThat(Files.readAllBytes(file)).startsWith("PGDMP".getBytes());
    assertThat(heartbeats).anyMatch(h -> h.startsWith("pg_dump running"));
    try (var leftovers = Files.list(backups)) {
      assertThat(leftovers).containsExactly(file);
    }
  }

  @Test
  void wrongPasswordFailsWithPgDumpsMessage_P3() {
    assertThatThrownBy(() -> backup(spec("rmdb", PASSWORD_ENV), "not-the-password"))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .satisfies(
            f -> {
              ApplicationFailure failure = (ApplicationFailure) f;
              assertThat(failure.getType()).isEqualTo(FailureTypes.BACKUP_FAILED.type());
              assertThat(failure.getOriginalMessage())
                  .contains("pg_dump of database rmdb on 127.0.0.1:" + cluster.port() + " exited 1")
                  .contains("password authentication failed for user \"umsadmin\"")
                  .doesNotContain("not-the-password");
            });
    assertThat(backups.resolve("lab-run1.dump")).doesNotExist();
    assertThat(backups.resolve("lab-run1.dump.partial")).doesNotExist();
  }

  @Test
  void dumpWithoutNetworkListIsNotVerified_P3() throws Exception {
    BackupRecord record = backup(spec("other", PASSWORD_ENV), PostgresCluster.PASSWORD);

    assertThat(Path.of(record.location())).exists();
    assertThat(record.verified()).isFalse();
    assertThat(record.verification())
        .contains("table epr_processes (the UMS Network list) is not among them");
  }

  private BackupRecord backup(DatabaseSpec spec, String password) {
    PostgresBackup method =
        new PostgresBackup(
            cluster.bin(),
            name -> name.equals(PASSWORD_ENV) ? password : null,
            Duration.ofMinutes(2));
    env.registerActivitiesImplementations(
        new CentralActivitiesImpl(
            backups.resolve("unused"), Map.of(DatabaseKind.POSTGRESQL, method)));
    CentralActivities central =
        env.newActivityStub(
            CentralActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(5))
                .setHeartbeatTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    return central.backup(new BackupRequest(new DatabaseQuery("lab", spec), "lab-run1"));
  }

  private DatabaseSpec spec(String database, String passwordEnv) {
    return new DatabaseSpec(
        DatabaseKind.POSTGRESQL,
        cluster.jdbcUrl(database),
        PostgresCluster.SUPERUSER,
        passwordEnv,
        false,
        new BackupSpec(backups.toString(), null, null));
  }
}
