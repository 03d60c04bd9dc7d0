package org.umsrollout.activities.central;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL cluster in a temporary directory, on a free loopback port, run as the
 * {@code postgres} OS user (PostgreSQL refuses to run as root). Password authentication
 * (scram-sha-256) for everyone, so a wrong password fails as it would in production. Also the store
 * of the worker's crash tests on Temporal with PostgreSQL (through this module's test jar).
 */
public final class PostgresCluster implements AutoCloseable {
  public static final String SUPERUSER = "umsadmin";
  public static final String PASSWORD = "p3-secret";
  private static final Path VERSIONS = Path.of("/usr/lib/postgresql");

  private final Path bin;
  private final Path dir;
  private final Path data;
  private final int port;

  private PostgresCluster(Path bin, Path dir, int port) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
  }

  /**
   * Skips the calling test when PostgreSQL or root is missing, with what to do about it; fails
   * instead under {@code CI=true}, where the test must run.
   */
  static Path requireBinaries() {
    String missing = missing();
    if (missing != null) {
      String message =
          missing
              + "; to run the real PostgreSQL tests, install PostgreSQL (bash"
              + " .ci/install-postgres.sh, or apt-get install postgresql) and run the tests as root";
      if ("true".equals(System.getenv("CI"))) {
        fail("CI=true, so the real PostgreSQL test must run: " + message);
      }
      Assumptions.abort(message);
    }
    return newestBin();
  }

  /** A started cluster, or null where {@link #requireBinaries()} would skip or fail. */
  static PostgresCluster startIfAvailable() throws Exception {
    return missing() == null ? start() : null;
  }

  public static PostgresCluster start() throws Exception {
    Path bin = requireBinaries();
    Path dir = Files.createTempDirectory("ums-rollout-pg-");
    UserPrincipal postgres =
        dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
    Files.setOwner(dir, postgres);
    Path pwfile = dir.resolve("pwfile");
    Files.writeString(pwfile, PASSWORD + "\n");
    Files.setOwner(pwfile, postgres);
    PostgresCluster cluster = new PostgresCluster(bin, dir, freePort());
    try {
      cluster.asPostgres(
          bin.resolve("initdb").toString(),
          // No fsync while creating a throwaway cluster; the running cluster keeps its defaults.
          "--no-sync",
          "-D",
          cluster.data.toString(),
          "-U",
          SUPERUSER,
          "--pwfile=" + pwfile,
          "--auth=scram-sha-256",
          "--encoding=UTF8",
          "--locale=C");
      cluster.asPostgres(
          bin.resolve("pg_ctl").toString(),
          "-D",
          cluster.data.toString(),
          "-l",
          dir.resolve("server.log").toString(),
          "-o",
          "-p " + cluster.port + " -k " + dir + " -c listen_addresses=127.0.0.1",
          "-w",
          "-t",
          "60",
          "start");
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  Path bin() {
    return bin;
  }

  public int port() {
    return port;
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, PASSWORD);
  }

  @Override
  public void close() throws Exception {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        asPostgres(
            bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
      }
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private void asPostgres(String... command) throws Exception {
    List<String> full = new ArrayList<>(List.of(runuser(), "-u", "postgres", "--"));
    full.addAll(List.of(command));
    ProcessRunner.Result result =
        ProcessRunner.run(full, java.util.Map.of(), Duration.ofMinutes(2), () -> {});
    if (result.exitCode() != 0) {
      Path log = dir.resolve("server.log");
      throw new IOException(
          String.join(" ", command)
              + " exited "
              + result.exitCode()
              + ": "
              + result.stderrTail()
              + (Files.exists(log)
                  ? "\nserver.log:\n" + Files.readString(log, StandardCharsets.UTF_8)
                  : ""));
    }
  }

  /** Why no cluster can start here (not Linux, not root, no PostgreSQL, ...), or null. */
  public static String missing() {
    if (!System.getProperty("os.name").equals("Linux")) {
      return "not Linux";
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      return "not running as root (needed to start PostgreSQL as the postgres user)";
    }
    if (newestBin() == null) {
      return "no PostgreSQL server binaries under " + VERSIONS + "/*/bin";
    }
    if (runuser() == null) {
      return "runuser not found";
    }
    try {
      Path.of("/")
          .getFileSystem()
          .getUserPrincipalLookupService()
          .lookupPrincipalByName("postgres");
    } catch (IOException e) {
      return "no postgres OS user";
    }
    return null;
  }

  private static Path newestBin() {
    if (!Files.isDirectory(VERSIONS)) {
      return null;
    }
    try (Stream<Path> versions = Files.list(VERSIONS)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(
              b ->
                  Files.isExecutable(b.resolve("pg_ctl"))
                      && Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparingInt(PostgresCluster::major))
          .orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  private static int major(Path bin) {
    String version = bin.getParent().getFileName().toString();
    return version.matches("\\d+") ? Integer.parseInt(version) : 0;
  }

  private static String runuser() {
    for (String candidate : List.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return null;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
