package org.umsrollout.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * Where backups go and, for SQL Server and Oracle, the commands that make and check them. {@code
 * {file}} in a command stands for the backup file.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupSpec(String directory, List<String> command, List<String> verifyCommand) {
  public BackupSpec {
    command = command == null ? List.of() : List.copyOf(command);
    verifyCommand = verifyCommand == null ? List.of() : List.copyOf(verifyCommand);
  }
}
