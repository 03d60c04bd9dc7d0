package org.umsrollout.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.umsrollout.client.TemporalConnection;
import org.umsrollout.workflows.temporal.RolloutIds;
import org.umsrollout.workflows.temporal.RolloutSearchAttributes;

/**
 * The CLI against the Temporal CLI's dev server, whose visibility answers queries on the rollout's
 * search attributes (the in-memory server does not). No orchestrator runs: rollouts stay as
 * submitted, which is what Temporal records of them while none runs.
 */
@Tag("real-process")
class DevServerCliTest {
  private static final Duration STARTUP = Duration.ofSeconds(90);
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private static Path dir;
  private static Process server;
  private static String address;
  private static WorkflowServiceStubs service;

  @BeforeAll
  static void startDevServer() throws Exception {
    Path cli = temporalCli();
    dir = Files.createTempDirectory("umsrollout-devserver");
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    address = "127.0.0.1:" + port;
    List<String> command =
        new ArrayList<>(
            List.of(
                cli.toString(),
                "server",
                "start-dev",
                "--db-filename",
                dir.resolve("temporal.db").toString(),
                "--port",
                String.valueOf(port),
                "--headless",
                "--ip",
                "127.0.0.1",
                "--log-level",
                "warn"));
    for (String flag : RolloutSearchAttributes.devServerFlags()) {
      command.add("--search-attribute");
      command.add(flag);
    }
    server =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("temporal.log").toFile())
            .start();
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    await()
        .atMost(STARTUP)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () -> {
              service
                  .blockingStub()
                  .withDeadlineAfter(2, TimeUnit.SECONDS)
                  .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
              return true;
            });
  }

  @AfterAll
  static void stopDevServer() throws InterruptedException {
    if (service != null) {
      service.shutdownNow();
    }
    if (server != null) {
      server.destroy();
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  @Test
  @DisplayName("list filters by site, phase and target version through visibility queries")
  void listFiltersBySitePhaseAndTargetThroughVisibility() throws IOException {
    Path siteB = dir.resolve("site-b.yaml");
    Files.writeString(
        siteB,
        Files.readString(TestRolloutService.resource("site-a.yaml"))
            .replace("site: site-a", "site: site-b")
            .replace("site-a", "site-b"));
    assertThat(cli("start", "--inventory", TestRolloutService.resource("site-a.yaml").toString()))
        .satisfies(run -> assertThat(run.exitCode()).as(run.err()).isZero());
    assertThat(cli("start", "--inventory", siteB.toString(), "--version", "12.05.101"))
        .satisfies(run -> assertThat(run.exitCode()).as(run.err()).isZero());
    client().newUntypedWorkflowStub(RolloutIds.workflowId("site-a")).terminate("test");

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(cli("list").out())
                    .containsPattern("site-b\\s+SUBMITTED\\s+12.05.101\\s+running")
                    .containsPattern("site-a\\s+SUBMITTED\\s+12.05.100\\s+TERMINATED"));
    CliRun bySite = cli("list", "--site", "site-b");
    CliRun byTarget = cli("list", "--target", "12.05.100");
    CliRun running = cli("list", "--running", "--phase", "submitted");
    CliRun none = cli("list", "--phase", "COMPLETED");

    assertThat(bySite.exitCode()).as(bySite.err()).isZero();
    assertThat(bySite.out().lines()).hasSize(2);
    assertThat(bySite.out()).contains("site-b").doesNotContain("site-a");
    assertThat(byTarget.out().lines()).hasSize(2);
    assertThat(byTarget.out()).contains("site-a").doesNotContain("site-b");
    assertThat(running.out().lines()).hasSize(2);
    assertThat(running.out()).contains("site-b").doesNotContain("site-a");
    assertThat(none.out()).isEqualTo("no rollouts match" + System.lineSeparator());
  }

  @Test
  @DisplayName("status while no orchestrator runs: Temporal answers, no orchestrator does; exit 4")
  void statusWithoutOrchestratorSaysSoAndShowsVisibility() throws IOException {
    Path siteC = dir.resolve("site-c.yaml");
    Files.writeString(
        siteC,
        Files.readString(TestRolloutService.resource("site-a.yaml")).replace("site-a", "site-c"));
    assertThat(cli("start", "--inventory", siteC.toString()).exitCode()).isZero();

    CliRun status = cli("status", "--site", "site-c");
    CliRun unreachable = cli("status", "--site", "site-c", "--address", "127.0.0.1:1");

    assertThat(status.exitCode())
        .as(status.out() + status.err())
        .isEqualTo(ExitCodes.NO_ORCHESTRATOR);
    assertThat(status.out())
        .startsWith("No orchestrator answered the status query of rollout/site-c")
        .contains("showing what Temporal's visibility records")
        .containsPattern("Phase:\\s+SUBMITTED")
        .containsPattern("Target version:\\s+12.05.100");
    assertThat(status.err()).doesNotContain("cannot reach Temporal");
    assertThat(unreachable.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(unreachable.err()).startsWith("cannot reach Temporal at 127.0.0.1:1");
  }

  private static CliRun cli(String... args) {
    String[] withAddress = new String[args.length + 2];
    withAddress[0] = "--address";
    withAddress[1] = address;
    System.arraycopy(args, 0, withAddress, 2, args.length);
    return CliRun.execute(new TemporalClientFactory(), withAddress);
  }

  private static WorkflowClient client() {
    return TemporalConnection.client(service, "default");
  }

  /** The Temporal CLI: {@code TEMPORAL_CLI}, {@code PATH}, Go's bin; skipped without it. */
  private static Path temporalCli() {
    List<Path> candidates = new ArrayList<>();
    Optional.ofNullable(System.getenv("TEMPORAL_CLI"))
        .filter(s -> !s.isBlank())
        .ifPresent(s -> candidates.add(Path.of(s)));
    for (String d :
        Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator)) {
      if (!d.isBlank()) {
        candidates.add(Path.of(d, "temporal"));
      }
    }
    candidates.add(Path.of(System.getProperty("user.home"), "go", "bin", "temporal"));
    Optional<Path> found = candidates.stream().filter(Files::isExecutable).findFirst();
    if (found.isPresent()) {
      return found.get();
    }
    String message =
        "the Temporal CLI is missing, so the dev-server CLI tests cannot run; install it with `go"
            + " install github.com/temporalio/cli/cmd/temporal@v1.5.1` (or set TEMPORAL_CLI)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("CI=true: " + message);
    }
    Assumptions.abort(message);
    throw new AssertionError("not reached");
  }
}
