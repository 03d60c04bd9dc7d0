package org.umsrollout.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.umsrollout.activities.central.CentralActivitiesImpl;

/**
 * The orchestrator's probes over HTTP, against a Temporal test server on a loopback port that the
 * test can take away: ready only while Temporal answers, live regardless of Temporal.
 */
class HealthTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path backups;
  private TestServer.PortBoundTestServer temporal;
  private WorkflowServiceStubs stubs;
  private WorkerFactory factory;
  private Health health;
  private MetricsEndpoint endpoint;

  @AfterEach
  void tearDown() {
    if (endpoint != null) {
      endpoint.close();
    }
    if (health != null) {
      health.close();
    }
    if (factory != null) {
      factory.shutdownNow();
    }
    if (stubs != null) {
      stubs.shutdownNow();
    }
    if (temporal != null) {
      temporal.close();
    }
  }

  @Test
  @DisplayName("ready once polling while Temporal answers; unready, yet live, when it goes away")
  void readinessFollowsTemporalAndLivenessDoesNot() throws Exception {
    int port = freePort();
    temporal = TestServer.createPortBoundServer(port);
    startOrchestrator(port);

    assertThat(get(MetricsEndpoint.LIVENESS).statusCode()).isEqualTo(200);
    assertThat(get(MetricsEndpoint.READINESS).statusCode())
        .as("the workers do not poll yet")
        .isEqualTo(503);

    factory.start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> get(MetricsEndpoint.READINESS).statusCode() == 200);
    assertThat(get(MetricsEndpoint.READINESS).body()).startsWith("ready");

    temporal.close();
    temporal = null;
    HttpResponse<String> unready =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> get(MetricsEndpoint.READINESS), r -> r.statusCode() == 503);
    assertThat(unready.body()).startsWith("Temporal has not answered since");
    HttpResponse<String> live = get(MetricsEndpoint.LIVENESS);
    assertThat(live.statusCode()).as("an outage of Temporal restarts nothing").isEqualTo(200);
    assertThat(live.body()).isEqualTo("alive\n");
    assertThat(get("/metrics").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("neither live nor ready once the workers have shut down")
  void aShutDownFactoryIsNeitherLiveNorReady() throws Exception {
    int port = freePort();
    temporal = TestServer.createPortBoundServer(port);
    startOrchestrator(port);
    factory.start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> get(MetricsEndpoint.READINESS).statusCode() == 200);

    factory.shutdown();

    HttpResponse<String> dead = get(MetricsEndpoint.LIVENESS);
    assertThat(dead.statusCode()).isEqualTo(503);
    assertThat(dead.body()).isEqualTo("the worker factory has shut down\n");
    assertThat(get(MetricsEndpoint.READINESS).statusCode()).isEqualTo(503);
  }

  @Test
  @DisplayName("the other commands' metrics port has no probes: only the orchestrator adds them")
  void withoutServeHealthThereAreNoProbes() throws Exception {
    endpoint = MetricsEndpoint.start("127.0.0.1", 0);

    assertThat(get(MetricsEndpoint.LIVENESS).statusCode()).isEqualTo(404);
    assertThat(get("/metrics").statusCode()).isEqualTo(200);
  }

  /** What OrchestratorCommand does, with the checks fast, on a client of localhost:port. */
  private void startOrchestrator(int port) {
    endpoint = MetricsEndpoint.start("127.0.0.1", 0);
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    factory =
        WorkerFactory.newInstance(
            WorkflowClient.newInstance(
                stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build()));
    Workers.orchestrator(factory, new CentralActivitiesImpl(backups));
    health =
        new Health(
            factory,
            Duration.ofMillis(100),
            Duration.ofMillis(500),
            Duration.ofMillis(1500),
            Clock.systemUTC());
    endpoint.serveHealth(health);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
