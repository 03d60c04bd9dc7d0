package org.umsrollout.activities.central;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import java.util.function.Function;
import org.umsrollout.workflows.model.DatabaseSpec;
import org.umsrollout.workflows.status.BackupRecord;

/**
 * The embedded database's own method: H2's {@code SCRIPT TO ... COMPRESSION ZIP}, checked by
 * restoring it into a scratch database and reading the Network list and schema back.
 */
final class EmbeddedBackup implements BackupMethod {
  private final Function<String, String> environment;

  /**
   * @param environment looks up the variable that {@code database.passwordEnv} names
   */
  EmbeddedBackup(Function<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public String extension() {
    return ".sql.zip";
  }

  @Override
  public BackupRecord backup(DatabaseSpec database, Path file) throws Exception {
    Files.deleteIfExists(file);
    try (Connection c = Jdbc.open(database, environment);
        Statement st = c.createStatement()) {
      st.execute("SCRIPT TO '" + sqlPath(file) + "' COMPRESSION ZIP");
    }
    String verification = verify(file);
    return new BackupRecord(
        "H2 SCRIPT (embedded)",
        file.toString(),
        Files.size(file),
        Checksums.sha256(file),
        true,
        verification);
  }

  private static String verify(Path file) throws Exception {
    String scratch = "jdbc:h2:mem:verify-" + UUID.randomUUID();
    try (Connection c = DriverManager.getConnection(scratch, "sa", "");
        Statement st = c.createStatement()) {
      st.execute("RUNSCRIPT FROM '" + sqlPath(file) + "' COMPRESSION ZIP");
      int entries;
      try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM epr_processes")) {
        rs.next();
        entries = rs.getInt(1);
      }
      String schema;
      try (ResultSet rs = st.executeQuery("SELECT schema_version FROM ums_schema")) {
        rs.next();
        schema = rs.getString(1);
      }
      return "restored into a scratch database: schema "
          + schema
          + ", "
          + entries
          + " Network list entries";
    }
  }

  private static String sqlPath(Path file) {
    return file.toAbsolutePath().toString().replace("'", "''");
  }
}
