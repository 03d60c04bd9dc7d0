package org.umsrollout.activities.central;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Backups hold every row of the productive database: only the orchestrator's user may read them.
 * Their directory is {@code rwx------} and each file {@code rw-------}, on file systems with POSIX
 * permissions (elsewhere, such as on Windows, the directory's ACL is the administrator's to set).
 */
final class PrivateFiles {
  static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  /**
   * Creates the directory (and its parents) for the orchestrator's user alone, or takes away what
   * group and others may do in one that exists, before any backup is written into it.
   */
  static void directory(Path directory) throws IOException {
    if (!posix()) {
      Files.createDirectories(directory);
      return;
    }
    if (!Files.isDirectory(directory)) {
      Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
    }
    if (!Files.getPosixFilePermissions(directory).equals(DIRECTORY)) {
      Files.setPosixFilePermissions(directory, DIRECTORY);
    }
  }

  /** Creates an empty file that only the orchestrator's user may read, replacing one there. */
  static void createFile(Path file) throws IOException {
    Files.deleteIfExists(file);
    if (posix()) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
    } else {
      Files.createFile(file);
    }
  }

  /** Takes away what group and others may do with a file a tool wrote. */
  static void restrict(Path file) throws IOException {
    if (posix()) {
      Files.setPosixFilePermissions(file, FILE);
    }
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
