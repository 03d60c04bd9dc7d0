package org.umsrollout.activities.central;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.umsrollout.workflows.model.DatabaseKind;
import org.umsrollout.workflows.model.DatabaseSpec;

/** What PostgresBackup says before it reaches a server, called outside any activity (P3). */
class PostgresBackupToolsTest {
  @TempDir Path backups;

  @Test
  void missingPgDumpSaysWhatToInstall_P3() {
    PostgresBackup method =
        new PostgresBackup(Path.of("/nonexistent/bin"), name -> "secret", Duration.ofSeconds(10));
    Path file = backups.resolve("site-run1.dump");

    assertThatThrownBy(() -> method.backup(spec("PGPASS"), file))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot run /nonexistent/bin/pg_dump")
        .hasMessageEndingWith("(install the PostgreSQL client tools on the orchestrator host)");
    assertThat(backups).isEmptyDirectory();
  }

  @Test
  void unsetPasswordVariableIsNamed_P3() {
    PostgresBackup method = new PostgresBackup(null, name -> null, Duration.ofSeconds(10));

    assertThatThrownBy(() -> method.backup(spec("UMS_DB_PASSWORD"), backups.resolve("x.dump")))
        .hasMessage(
            "environment variable UMS_DB_PASSWORD (the database password, database.passwordEnv)"
                + " is not set on the orchestrator");
  }

  private static DatabaseSpec spec(String passwordEnv) {
    return new DatabaseSpec(
        DatabaseKind.POSTGRESQL,
        "jdbc:postgresql://127.0.0.1:1/rmdb",
        "ums",
        passwordEnv,
        false,
        null);
  }
}
