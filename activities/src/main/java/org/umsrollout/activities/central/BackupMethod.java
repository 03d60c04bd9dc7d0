package org.umsrollout.activities.central;

import java.nio.file.Path;
import org.umsrollout.workflows.model.DatabaseSpec;
import org.umsrollout.workflows.status.BackupRecord;

/** The DBMS vendor's own way to back up a database and check that the backup reads back (P3). */
public interface BackupMethod {

  /** Writes the backup to {@code file} and checks it; returns what a backup record keeps. */
  BackupRecord backup(DatabaseSpec database, Path file) throws Exception;

  /** The file name ending for this method's backups. */
  String extension();
}
