package org.umsrollout.durability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.umsrollout.activities.central.PostgresCluster;
import org.umsrollout.client.TemporalConnection;
import org.umsrollout.workflows.temporal.RolloutSearchAttributes;

/**
 * The Rig's Temporal on PostgreSQL instead of the dev server: the Temporal server ({@code
 * go.temporal.io/server} v1.29.1, built by {@code .ci/install-temporal-server.sh}) on a throwaway
 * PostgreSQL cluster run as the {@code postgres} OS user on a free loopback port. The cluster stays
 * up while the server is killed and restarted, so the server restarts on its data. Selected with
 * {@code -Dums.temporal=postgres} (or {@code UMS_TEMPORAL=postgres}); without the binaries the
 * calling test is skipped, or fails under {@code CI=true}.
 */
final class PostgresTemporal implements AutoCloseable {
  static final String VERSION = "v1.29.1";
  static final String INSTALL = "bash .ci/install-temporal-server.sh";
  static final String NAMESPACE = "default";
  private static final String USER = PostgresCluster.SUPERUSER;
  private static final String PASSWORD = PostgresCluster.PASSWORD;

  private final Path server;
  private final Path sqlTool;
  private final Path rigDir;
  private final int frontendPort;
  private PostgresCluster postgres;
  private boolean namespaceReady;

  private PostgresTemporal(Path server, Path sqlTool, Path rigDir, int frontendPort) {
    this.server = server;
    this.sqlTool = sqlTool;
    this.rigDir = rigDir;
    this.frontendPort = frontendPort;
  }

  /** Whether the tests run their Temporal on PostgreSQL rather than the dev server. */
  static boolean selected() {
    String choice = System.getProperty("ums.temporal", System.getenv("UMS_TEMPORAL"));
    return "postgres".equalsIgnoreCase(choice);
  }

  /** Everything found, or the calling test skipped (failed under {@code CI=true}). */
  static PostgresTemporal require(Path rigDir, int frontendPort) {
    Optional<Path> server = TemporalCli.goBinary("TEMPORAL_SERVER", "temporal-server");
    Optional<Path> sqlTool = TemporalCli.goBinary("TEMPORAL_SQL_TOOL", "temporal-sql-tool");
    String missing = null;
    if (server.isEmpty() || sqlTool.isEmpty()) {
      missing =
          "the Temporal server or its sql tool is missing (install both with `" + INSTALL + "`)";
    } else if (PostgresCluster.missing() != null) {
      missing = PostgresCluster.missing() + " (bash .ci/install-postgres.sh)";
    }
    if (missing != null) {
      String message = "the durability tests on Temporal with PostgreSQL cannot run: " + missing;
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true: " + message);
      }
      Assumptions.abort(message);
    }
    return new PostgresTemporal(server.get(), sqlTool.get(), rigDir, frontendPort);
  }

  /**
   * The command that starts the server; the first call starts PostgreSQL, creates both databases
   * with their schemas and writes the server's configuration, later calls reuse them.
   */
  List<String> serverCommand() throws IOException {
    if (postgres == null) {
      try {
        postgres = PostgresCluster.start();
      } catch (IOException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException("cannot start PostgreSQL", e);
      }
      createSchemas();
      writeConfig();
    }
    return List.of(
        server.toString(),
        "--root",
        rigDir.resolve("temporal-server").toString(),
        "--config",
        "config",
        "--env",
        "development",
        "--allow-no-auth",
        "start");
  }

  /** Once the frontend answers: the namespace and the rollout's search attributes, once. */
  void prepareNamespace(WorkflowServiceStubs service) {
    if (namespaceReady) {
      return;
    }
    service
        .blockingStub()
        .registerNamespace(
            RegisterNamespaceRequest.newBuilder()
                .setNamespace(NAMESPACE)
                .setWorkflowExecutionRetentionPeriod(
                    com.google.protobuf.Duration.newBuilder().setSeconds(86_400))
                .build());
    TemporalConnection.registerSearchAttributes(service, NAMESPACE);
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(service.getRawChannel())
                .validateAndBuildWithDefaults());
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptions()
          .until(
              () -> {
                service
                    .blockingStub()
                    .describeNamespace(
                        DescribeNamespaceRequest.newBuilder().setNamespace(NAMESPACE).build());
                return operator
                    .blockingStub()
                    .listSearchAttributes(
                        ListSearchAttributesRequest.newBuilder().setNamespace(NAMESPACE).build())
                    .getCustomAttributesMap()
                    .keySet()
                    .containsAll(RolloutSearchAttributes.REGISTRATION.keySet());
              });
    } finally {
      operator.shutdownNow();
    }
    namespaceReady = true;
  }

  /** Stops PostgreSQL and deletes its folder; the server must be killed first. */
  @Override
  public void close() {
    if (postgres == null) {
      return;
    }
    try {
      postgres.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop PostgreSQL", e);
    }
  }

  /** The schemas embedded in the sql tool, at the newest version this server knows. */
  private void createSchemas() throws IOException {
    for (String[] db :
        List.of(
            new String[] {"temporal", "postgresql/v12/temporal"},
            new String[] {"temporal_visibility", "postgresql/v12/visibility"})) {
      List<String> base =
          List.of(
              sqlTool.toString(),
              "--plugin",
              "postgres12",
              "--ep",
              "127.0.0.1",
              "-p",
              String.valueOf(postgres.port()),
              "-u",
              USER,
              "--pw",
              PASSWORD,
              "--db",
              db[0]);
      run(concat(base, "create-database"), "sql-tool");
      run(concat(base, "setup-schema", "-v", "0.0"), "sql-tool");
      run(concat(base, "update-schema", "-s", db[1]), "sql-tool");
    }
  }

  /**
   * Loopback only, a free port for each service. Membership ports stay below 32768: the server
   * keeps them in a PostgreSQL smallint column (cluster_membership.rpc_port), and above that the
   * server dies at start with "value out of range for type smallint".
   */
  private void writeConfig() throws IOException {
    Set<Integer> taken = new HashSet<>(Set.of(frontendPort, postgres.port()));
    String services = "";
    for (String service : List.of("frontend", "history", "matching", "worker")) {
      int grpc = service.equals("frontend") ? frontendPort : distinct(taken, 0);
      int membership = distinct(taken, 20_000);
      services +=
          "  %s:\n    rpc: {grpcPort: %d, membershipPort: %d, bindOnIP: 127.0.0.1}\n"
              .formatted(service, grpc, membership);
    }
    Path config = rigDir.resolve("temporal-server").resolve("config");
    Files.createDirectories(config);
    Path dynamic = config.resolve("dynamicconfig.yaml");
    // A search attribute registered a moment ago is known at once, not after a cache refresh.
    Files.writeString(
        dynamic, "system.forceSearchAttributesCacheRefreshOnRead:\n  - value: true\n");
    String store =
        """
              sql:
                pluginName: postgres12
                databaseName: %s
                connectAddr: "127.0.0.1:%d"
                connectProtocol: tcp
                user: %s
                password: %s
                maxConns: %d
                maxIdleConns: %d
                maxConnLifetime: 1h
        """;
    String yaml =
        """
        log:
          stdout: true
          level: warn
        persistence:
          defaultStore: default
          visibilityStore: visibility
          numHistoryShards: 4
          datastores:
            default:
        %s    visibility:
        %sglobal:
          membership:
            maxJoinDuration: 30s
            broadcastAddress: 127.0.0.1
        services:
        %sclusterMetadata:
          enableGlobalNamespace: false
          failoverVersionIncrement: 10
          masterClusterName: active
          currentClusterName: active
          clusterInformation:
            active:
              enabled: true
              initialFailoverVersion: 1
              rpcName: frontend
              rpcAddress: "127.0.0.1:%d"
        dcRedirectionPolicy:
          policy: noop
        dynamicConfigClient:
          filepath: "%s"
          pollInterval: 10s
        """
            .formatted(
                store.formatted("temporal", postgres.port(), USER, PASSWORD, 20, 20),
                store.formatted("temporal_visibility", postgres.port(), USER, PASSWORD, 4, 4),
                services,
                frontendPort,
                dynamic.toAbsolutePath());
    Files.writeString(config.resolve("development.yaml"), yaml);
  }

  private void run(List<String> command, String logName) throws IOException {
    Path log = rigDir.resolve(logName + ".log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    try {
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish in 2 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command)
              + " exited "
              + process.exitValue()
              + ":\n"
              + tail(Files.readString(log)));
    }
  }

  private static String tail(String text) {
    return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
  }

  private static List<String> concat(List<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return all;
  }

  /** A free loopback port not in {@code taken}: from the OS, or at random from low to 32767. */
  private static int distinct(Set<Integer> taken, int low) {
    while (true) {
      int candidate =
          low == 0 ? freePort() : ThreadLocalRandom.current().nextInt(low, Short.MAX_VALUE + 1);
      if (!taken.contains(candidate) && bindable(candidate)) {
        taken.add(candidate);
        return candidate;
      }
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
