package org.umsrollout.activities.central;

import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.umsrollout.workflows.model.BackupSpec;
import org.umsrollout.workflows.model.DatabaseSpec;
import org.umsrollout.workflows.status.BackupRecord;
import org.umsrollout.workflows.temporal.FailureTypes;

/**
 * The vendor's method for a DBMS whose tools this product does not drive itself: it runs the tools
 * as the inventory configures them (SQL Server's {@code BACKUP DATABASE} and {@code RESTORE
 * VERIFYONLY}, Oracle's RMAN or Data Pump). The inventory names both commands, {@code
 * database.backup.command} and {@code database.backup.verifyCommand}, with {@code {file}} for the
 * backup file. The file must be reachable under that path from the orchestrator, which records its
 * size and checksum (P3).
 */
public final class ConfiguredToolBackup implements BackupMethod {
  private static final String FILE = "{file}";

  private final String dbms;
  private final String extension;
  private final Duration timeout;

  /**
   * @param dbms names the DBMS in messages and records
   * @param extension the file name ending of its backups
   * @param timeout for each of the two commands
   */
  public ConfiguredToolBackup(String dbms, String extension, Duration timeout) {
    this.dbms = dbms;
    this.extension = extension;
    this.timeout = timeout;
  }

  /** SQL Server's native backups ({@code .bak}). */
  public static ConfiguredToolBackup sqlServer() {
    return new ConfiguredToolBackup("SQL Server", ".bak", Duration.ofHours(4));
  }

  /** Oracle's dump files ({@code .dmp}). */
  public static ConfiguredToolBackup oracle() {
    return new ConfiguredToolBackup("Oracle", ".dmp", Duration.ofHours(4));
  }

  @Override
  public String extension() {
    return extension;
  }

  @Override
  public BackupRecord backup(DatabaseSpec database, Path file) throws Exception {
    BackupSpec spec = database.backup();
    List<String> command = spec == null ? List.of() : spec.command();
    List<String> verify = spec == null ? List.of() : spec.verifyCommand();
    if (command.isEmpty()) {
      throw misconfigured(
          "database.backup.command is not set: for "
              + dbms
              + " the inventory names the command that makes the backup with the vendor's tool,"
              + " with "
              + FILE
              + " for the backup file (P3)");
    }
    if (command.stream().noneMatch(arg -> arg.contains(FILE))) {
      throw misconfigured(
          "database.backup.command " + command + " has no " + FILE + ": where does the backup go?");
    }
    if (verify.isEmpty()) {
      throw misconfigured(
          "database.backup.verifyCommand is not set: P3 asks for the backup verified readable, so"
              + " for "
              + dbms
              + " the inventory names the command that checks the file "
              + FILE
              + " (such as RESTORE VERIFYONLY)");
    }

    Files.deleteIfExists(file);
    List<String> make = withFile(command, file);
    ProcessRunner.Result made = run(make, "backup command");
    if (made.exitCode() != 0) {
      throw new IOException(
          "database.backup.command "
              + make
              + " exited "
              + made.exitCode()
              + ": "
              + made.stderrTail());
    }
    if (!Files.isRegularFile(file) || Files.size(file) == 0) {
      throw new IOException(
          "database.backup.command " + make + " exited 0 but wrote no backup at " + file);
    }
    long size = Files.size(file);
    String sha256 = Checksums.sha256(file);

    List<String> check = withFile(verify, file);
    ProcessRunner.Result checked = run(check, "verify command");
    String method = dbms + " backup command " + make;
    if (checked.exitCode() != 0) {
      return new BackupRecord(
          method,
          file.toString(),
          size,
          sha256,
          false,
          "verify command "
              + check
              + " exited "
              + checked.exitCode()
              + ": "
              + checked.stderrTail());
    }
    return new BackupRecord(
        method, file.toString(), size, sha256, true, "verify command " + check + " exited 0");
  }

  private ProcessRunner.Result run(List<String> command, String what)
      throws IOException, InterruptedException {
    return ProcessRunner.run(
        command, Map.of(), timeout, ProcessRunner.activityHeartbeat(dbms + " " + what));
  }

  private static List<String> withFile(List<String> command, Path file) {
    return command.stream().map(arg -> arg.replace(FILE, file.toString())).toList();
  }

  private static ApplicationFailure misconfigured(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.BACKUP_FAILED.type());
  }
}
