package org.umsrollout.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowClient;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.umsrollout.client.rollouts.Rollouts;

/**
 * The loaded TLS settings reach a TLS-enabled frontend: Temporal's in-memory server on a loopback
 * port, behind a TLS front that wants a client certificate (mTLS), as a TLS-enabled cluster does.
 * The Temporal CLI's dev server (1.5.1) has no TLS options, so this stands in for it.
 */
class TlsConnectionTest {
  /** How long a refused connection takes to be reported. */
  private static final Duration QUICK = Duration.ofSeconds(5);

  /** Generous: the first TLS connection of the JVM is slow on a busy machine. */
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private static TestServer.PortBoundTestServer temporal;
  private static int temporalPort;

  @TempDir Path dir;

  @BeforeAll
  static void startTemporal() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      temporalPort = probe.getLocalPort();
    }
    temporal = TestServer.createPortBoundServer(temporalPort);
  }

  @AfterAll
  static void stopTemporal() {
    temporal.close();
  }

  @Test
  void mtlsFlagsReachATlsFrontendWithTheClientCertificate() throws Exception {
    try (TlsProxy front = new TlsProxy(temporalPort, true)) {
      ClientConfigProfile profile =
          TemporalConnection.profile(
              new ConnectionFlags(
                  "127.0.0.1:" + front.port(),
                  "default",
                  null,
                  null,
                  null,
                  null,
                  TemporalConnectionTest.tls("ca.pem"),
                  TemporalConnectionTest.tls("client.pem"),
                  TemporalConnectionTest.tls("client.key"),
                  null,
                  null),
              noConfigFile());

      assertReaches(profile);
      assertThat(front.clients()).isNotEmpty().allMatch(c -> c.equals("CN=umsrollout-client"));
    }
  }

  @Test
  void theTemporalCliVariablesAloneReachIt() throws Exception {
    try (TlsProxy front = new TlsProxy(temporalPort, true)) {
      Map<String, String> env =
          Map.of(
              "TEMPORAL_CONFIG_FILE", dir.resolve("none.toml").toString(),
              "TEMPORAL_ADDRESS", "127.0.0.1:" + front.port(),
              "TEMPORAL_TLS_SERVER_CA_CERT_PATH", TemporalConnectionTest.tls("ca.pem"),
              "TEMPORAL_TLS_CLIENT_CERT_PATH", TemporalConnectionTest.tls("client.pem"),
              "TEMPORAL_TLS_CLIENT_KEY_PATH", TemporalConnectionTest.tls("client.key"));

      assertReaches(TemporalConnection.profile(ConnectionFlags.NONE, env));
      assertThat(front.clients()).contains("CN=umsrollout-client");
    }
  }

  @Test
  void withoutItsClientCertificateTheFrontendRefusesAndTheAddressIsNamed() throws Exception {
    try (TlsProxy front = new TlsProxy(temporalPort, true)) {
      ClientConfigProfile profile =
          TemporalConnection.profile(
              ConnectionFlags.of("127.0.0.1:" + front.port(), "default")
                  .withTlsCa(TemporalConnectionTest.tls("ca.pem")),
              noConfigFile());

      assertThatThrownBy(
              () ->
                  TemporalConnection.connect(
                      TemporalConnection.stubsOptions(profile).build(), QUICK))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("cannot reach Temporal at 127.0.0.1:" + front.port());
      assertThat(front.clients()).isEmpty();
    }
  }

  @Test
  void aServerCertificateOfAnUntrustedCaIsRefused() throws Exception {
    try (TlsProxy front = new TlsProxy(temporalPort, false)) {
      ClientConfigProfile trusted =
          TemporalConnection.profile(
              ConnectionFlags.of("127.0.0.1:" + front.port(), "default")
                  .withTlsCa(TemporalConnectionTest.tls("ca.pem")),
              noConfigFile());
      ClientConfigProfile systemTrust =
          TemporalConnection.profile(
              ConnectionFlags.of("127.0.0.1:" + front.port(), "default").withTls(), noConfigFile());

      assertReaches(trusted);
      assertThatThrownBy(
              () ->
                  TemporalConnection.connect(
                      TemporalConnection.stubsOptions(systemTrust).build(), QUICK))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("cannot reach Temporal at 127.0.0.1:" + front.port());
    }
  }

  private Map<String, String> noConfigFile() {
    return Map.of("TEMPORAL_CONFIG_FILE", dir.resolve("none.toml").toString());
  }

  /** Connects, and lists rollouts: a call that needs the service itself, not only the TLS. */
  private static void assertReaches(ClientConfigProfile profile) {
    WorkflowServiceStubs stubs =
        TemporalConnection.connect(TemporalConnection.stubsOptions(profile).build(), PATIENCE);
    try {
      WorkflowClient client = TemporalConnection.client(stubs, profile.getNamespace());
      assertThat(Rollouts.list(client, new Rollouts.Filter(null, null, null, false), 10)).isEmpty();
    } finally {
      stubs.shutdownNow();
    }
  }
}
