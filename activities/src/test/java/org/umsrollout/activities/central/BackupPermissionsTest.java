package org.umsrollout.activities.central;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.umsrollout.activities.lab.Lab;
import org.umsrollout.workflows.model.ComponentSpec;
import org.umsrollout.workflows.model.DatabaseKind;
import org.umsrollout.workflows.model.DatabaseSpec;
import org.umsrollout.workflows.model.Inventory;
import org.umsrollout.workflows.model.ServerSpec;
import org.umsrollout.workflows.ports.BackupRequest;
import org.umsrollout.workflows.ports.DatabaseQuery;
import org.umsrollout.workflows.status.BackupRecord;

/** P3's backups hold every row of the productive database: only the orchestrator reads them. */
class BackupPermissionsTest {
  @TempDir Path dir;
  private Lab lab;

  @AfterEach
  void close() {
    if (lab != null) {
      lab.close();
    }
  }

  private DatabaseQuery labDatabase() {
    String url = "jdbc:h2:mem:backup-perms-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    Inventory inventory =
        new Inventory(
            "perms",
            new DatabaseSpec(DatabaseKind.EMBEDDED, url, null, null, null, null),
            java.util.List.of(new ServerSpec("ums-srv-1", null), new ServerSpec("ums-srv-2", null)),
            java.util.List.of(new ComponentSpec("ums-lb-1")),
            java.util.List.of());
    lab = Lab.createAfresh(inventory, "12.04.120", "/opt/setup.bin", "a".repeat(64));
    return new DatabaseQuery("perms", inventory.database());
  }

  @Test
  @DisplayName("P3: the embedded backup is rw------- in a new directory rwx------")
  void embeddedBackupIsPrivate_P3() throws Exception {
    Path backups = dir.resolve("new/backups");
    BackupRecord record =
        new CentralActivitiesImpl(backups).backup(new BackupRequest(labDatabase(), "perms-1"));

    Path file = Path.of(record.location());
    assertThat(record.verified()).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backups)))
        .isEqualTo("rwx------");
  }

  @Test
  @DisplayName("P3: a backup directory that others may read is closed before the backup is written")
  void openBackupDirectoryIsClosedFirst_P3() throws Exception {
    Path backups = Files.createDirectories(dir.resolve("shared"));
    Files.setPosixFilePermissions(backups, PosixFilePermissions.fromString("rwxr-xr-x"));

    BackupRecord record =
        new CentralActivitiesImpl(backups).backup(new BackupRequest(labDatabase(), "perms-2"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backups)))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(Path.of(record.location()))))
        .isEqualTo("rw-------");
  }
}
