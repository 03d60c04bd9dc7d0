package org.umsrollout.activities.central;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.umsrollout.workflows.model.DatabaseSpec;
import org.umsrollout.workflows.status.BackupRecord;

/**
 * PostgreSQL's own method (P3): {@code pg_dump --format=custom}, checked by reading the archive's
 * table of contents back with {@code pg_restore --list} and finding the Network list ({@code
 * epr_processes}, N2) and its data in it. The password reaches pg_dump through {@code PGPASSWORD},
 * never on the command line, where every user of the host could read it.
 */
public final class PostgresBackup implements BackupMethod {
  private static final Pattern TABLE =
      Pattern.compile(
          "^\\d+;\\s+\\d+\\s+\\d+\\s+TABLE\\s+(\\S+)\\s+epr_processes\\s",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern TABLE_DATA =
      Pattern.compile(
          "^\\d+;\\s+\\d+\\s+\\d+\\s+TABLE DATA\\s+\\S+\\s+epr_processes\\s",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern DUMPED_BY =
      Pattern.compile("^;\\s+Dumped by pg_dump version:\\s*(.+)$", Pattern.MULTILINE);

  private final String pgDump;
  private final String pgRestore;
  private final Function<String, String> environment;
  private final Duration timeout;

  /** pg_dump and pg_restore from the PATH, the password from the worker's environment. */
  public PostgresBackup() {
    this(null, System::getenv, Duration.ofHours(4));
  }

  /**
   * @param binDir where pg_dump and pg_restore are (a version at least the server's), or null for
   *     the PATH
   * @param environment looks up the variable that {@link DatabaseSpec#passwordEnv()} names
   * @param timeout for each of pg_dump and pg_restore
   */
  public PostgresBackup(Path binDir, Function<String, String> environment, Duration timeout) {
    this.pgDump = binDir == null ? "pg_dump" : binDir.resolve("pg_dump").toString();
    this.pgRestore = binDir == null ? "pg_restore" : binDir.resolve("pg_restore").toString();
    this.environment = environment;
    this.timeout = timeout;
  }

  @Override
  public String extension() {
    return ".dump";
  }

  @Override
  public BackupRecord backup(DatabaseSpec database, Path file) throws Exception {
    PostgresUrl url = PostgresUrl.parse(database.jdbcUrl());
    Map<String, String> env = new HashMap<>();
    if (database.passwordEnv() != null) {
      String password = environment.apply(database.passwordEnv());
      if (password == null) {
        throw new IllegalStateException(
            "environment variable "
                + database.passwordEnv()
                + " (the database password, database.passwordEnv) is not set on the orchestrator");
      }
      env.put("PGPASSWORD", password);
    }
    if (environment.apply("PGCONNECT_TIMEOUT") == null) {
      env.put("PGCONNECT_TIMEOUT", "30");
    }
    String user = database.user() != null ? database.user() : url.properties().get("user");

    // A dump that fails half way must never lie under the name a retry or a restore looks for.
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    PrivateFiles.createFile(partial);
    List<String> dump = new ArrayList<>(List.of(pgDump, "--format=custom", "--file=" + partial));
    dump.add("--no-password");
    dump.add("--host=" + String.join(",", url.hosts()));
    dump.add("--port=" + String.join(",", url.ports()));
    if (user != null) {
      dump.add("--username=" + user);
    }
    dump.add("--dbname=" + conninfo(url));
    ProcessRunner.Result dumped;
    try {
      dumped = run(dump, env, "pg_dump");
      if (dumped.exitCode() != 0) {
        throw new IOException(
            "pg_dump of database "
                + url.database()
                + " on "
                + url.endpoints()
                + " exited "
                + dumped.exitCode()
                + ": "
                + dumped.stderrTail());
      }
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }

    ProcessRunner.Result listed =
        run(List.of(pgRestore, "--list", file.toString()), Map.of(), "pg_restore");
    long size = Files.size(file);
    String sha256 = Checksums.sha256(file);
    if (listed.exitCode() != 0) {
      return new BackupRecord(
          "pg_dump --format=custom",
          file.toString(),
          size,
          sha256,
          false,
          "pg_restore --list cannot read the archive (exit "
              + listed.exitCode()
              + "): "
              + listed.stderrTail());
    }
    return verification(listed.stdout(), file, size, sha256);
  }

  private static BackupRecord verification(String list, Path file, long size, String sha256) {
    long entries = list.lines().filter(l -> !l.isBlank() && !l.startsWith(";")).count();
    String table = null;
    boolean data = false;
    for (String line : list.lines().toList()) {
      Matcher m = TABLE.matcher(line + " ");
      if (m.find()) {
        table = m.group(1) + ".epr_processes";
      }
      data |= TABLE_DATA.matcher(line + " ").find();
    }
    Matcher by = DUMPED_BY.matcher(list);
    String method =
        "pg_dump --format=custom" + (by.find() ? " (pg_dump " + by.group(1).strip() + ")" : "");
    String read = "pg_restore --list read " + entries + " TOC entries";
    if (table == null || !data) {
      return new BackupRecord(
          method,
          file.toString(),
          size,
          sha256,
          false,
          read
              + ", but "
              + (table == null
                  ? "table epr_processes (the UMS Network list)"
                  : "the data of " + table)
              + " is not among them: is database.jdbcUrl the UMS productive database?");
    }
    return new BackupRecord(
        method,
        file.toString(),
        size,
        sha256,
        true,
        read + ", among them table " + table + " and its data");
  }

  private ProcessRunner.Result run(List<String> command, Map<String, String> env, String tool)
      throws IOException, InterruptedException {
    try {
      return ProcessRunner.run(command, env, timeout, ProcessRunner.activityHeartbeat(tool));
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("cannot run")) {
        throw new IOException(
            e.getMessage() + " (install the PostgreSQL client tools on the orchestrator host)", e);
      }
      throw e;
    }
  }

  /** Only the database, as a conninfo string, so that no database name is taken for options. */
  private static String conninfo(PostgresUrl url) {
    StringBuilder s = new StringBuilder("dbname=").append(quote(url.database()));
    String sslmode = url.properties().get("sslmode");
    if (sslmode != null) {
      s.append(" sslmode=").append(quote(sslmode));
    }
    return s.toString();
  }

  private static String quote(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
