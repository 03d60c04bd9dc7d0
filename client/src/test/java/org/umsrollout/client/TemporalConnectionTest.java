package org.umsrollout.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowClient;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.umsrollout.workflows.temporal.DataConverters;
import picocli.CommandLine;

class TemporalConnectionTest {

  @Test
  void anAddressNobodyListensOnFailsWithinTheTimeoutNamingIt() {
    long started = System.nanoTime();

    assertThatThrownBy(
            () ->
                TemporalConnection.connect(
                    WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:1").build(),
                    Duration.ofSeconds(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot reach Temporal at 127.0.0.1:1: ");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void clientsUseTheRolloutsDataConverterAndTheGivenNamespace() {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:1").build());
    try {
      WorkflowClient client = TemporalConnection.client(stubs, "ums");

      assertThat(client.getOptions().getDataConverter()).isSameAs(DataConverters.rollout());
      assertThat(client.getOptions().getNamespace()).isEqualTo("ums");
    } finally {
      stubs.shutdownNow();
    }
  }

  /** A configuration file as the temporal CLI writes it: a default and a cloud profile. */
  private static Path configFile(Path dir) throws IOException {
    return Files.writeString(
        dir.resolve("temporal.toml"),
        """
        [profile.default]
        address = "temporal.lab:7233"
        namespace = "lab"

        [profile.cloud]
        address = "ums.a1b2c.tmprl.cloud:7233"
        namespace = "ums.a1b2c"
        api_key = "key-from-file"

        [profile.mtls]
        address = "temporal.corp:7233"
        namespace = "ums"
        [profile.mtls.tls]
        server_ca_cert_path = "%s"
        client_cert_path = "%s"
        client_key_path = "%s"
        server_name = "temporal.corp"
        """
            .formatted(tls("ca.pem"), tls("client.pem"), tls("client.key")));
  }

  /** Throwaway certificates (a CA, a server and a client it signed), made for these tests. */
  static String tls(String name) {
    try {
      return Path.of(TemporalConnectionTest.class.getResource("/tls/" + name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void nothingGivenMeansTheLocalDefaultServerWithoutTls(@TempDir Path dir) {
    ClientConfigProfile profile =
        TemporalConnection.profile(
            ConnectionFlags.NONE,
            Map.of("TEMPORAL_CONFIG_FILE", dir.resolve("none.toml").toString()));

    WorkflowServiceStubsOptions options = TemporalConnection.stubsOptions(profile).build();
    assertThat(options.getTarget()).isEqualTo("localhost:7233");
    assertThat(profile.getNamespace()).isEqualTo("default");
    assertThat(options.getSslContext()).isNull();
    assertThat(options.getEnableHttps()).isFalse();
  }

  @Test
  void theDefaultProfileOfTheConfigFileIsReadAsTheTemporalCliReadsIt(@TempDir Path dir)
      throws IOException {
    Map<String, String> env = Map.of("TEMPORAL_CONFIG_FILE", configFile(dir).toString());

    ClientConfigProfile profile = TemporalConnection.profile(ConnectionFlags.NONE, env);

    assertThat(profile.getAddress()).isEqualTo("temporal.lab:7233");
    assertThat(profile.getNamespace()).isEqualTo("lab");
  }

  @Test
  void anApiKeyProfileSwitchesTlsOnAndSendsTheKey_TemporalCloud(@TempDir Path dir)
      throws IOException {
    Map<String, String> env =
        Map.of("TEMPORAL_CONFIG_FILE", configFile(dir).toString(), "TEMPORAL_PROFILE", "cloud");

    ClientConfigProfile profile = TemporalConnection.profile(ConnectionFlags.NONE, env);
    WorkflowServiceStubsOptions options = TemporalConnection.stubsOptions(profile).build();

    assertThat(options.getTarget()).isEqualTo("ums.a1b2c.tmprl.cloud:7233");
    assertThat(profile.getNamespace()).isEqualTo("ums.a1b2c");
    assertThat(profile.getApiKey()).isEqualTo("key-from-file");
    assertThat(options.getEnableHttps()).isTrue();
    assertThat(options.getGrpcMetadataProviders()).isNotEmpty();
  }

  @Test
  void anMtlsProfileBuildsTheSslContextFromItsFiles(@TempDir Path dir) throws IOException {
    ClientConfigProfile profile =
        TemporalConnection.profile(
            flags("--config-file", configFile(dir).toString(), "--profile", "mtls"), Map.of());
    WorkflowServiceStubsOptions options = TemporalConnection.stubsOptions(profile).build();

    assertThat(options.getTarget()).isEqualTo("temporal.corp:7233");
    assertThat(profile.getTls().getClientCertPath()).isEqualTo(tls("client.pem"));
    assertThat(options.getSslContext()).isNotNull();
    assertThat(options.getSslContext().isClient()).isTrue();
    assertThat(options.getChannelInitializer()).as("the server name").isNotNull();
  }

  @Test
  void environmentVariablesWinOverTheProfileAndFlagsWinOverBoth(@TempDir Path dir)
      throws IOException {
    Map<String, String> env =
        Map.of(
            "TEMPORAL_CONFIG_FILE", configFile(dir).toString(),
            "TEMPORAL_PROFILE", "cloud",
            "TEMPORAL_ADDRESS", "from-env:7233",
            "TEMPORAL_API_KEY", "key-from-env");

    ClientConfigProfile fromEnv = TemporalConnection.profile(ConnectionFlags.NONE, env);
    ClientConfigProfile fromFlags =
        TemporalConnection.profile(
            flags("--address", "from-flag:7233", "--namespace", "ums", "--api-key", "key-flag"),
            env);

    assertThat(fromEnv.getAddress()).isEqualTo("from-env:7233");
    assertThat(fromEnv.getNamespace()).isEqualTo("ums.a1b2c");
    assertThat(fromEnv.getApiKey()).isEqualTo("key-from-env");
    assertThat(fromFlags.getAddress()).isEqualTo("from-flag:7233");
    assertThat(fromFlags.getNamespace()).isEqualTo("ums");
    assertThat(fromFlags.getApiKey()).isEqualTo("key-flag");
  }

  @Test
  void tlsFlagsSwitchTlsOnAndTlsFalseSwitchesItOff(@TempDir Path dir) throws IOException {
    Map<String, String> env =
        Map.of("TEMPORAL_CONFIG_FILE", configFile(dir).toString(), "TEMPORAL_PROFILE", "mtls");

    WorkflowServiceStubsOptions caOnly =
        TemporalConnection.stubsOptions(
                TemporalConnection.profile(
                    flags("--tls-ca-path", tls("ca.pem")),
                    Map.of("TEMPORAL_CONFIG_FILE", dir.resolve("none.toml").toString())))
            .build();
    WorkflowServiceStubsOptions off =
        TemporalConnection.stubsOptions(TemporalConnection.profile(flags("--tls=false"), env))
            .build();

    assertThat(caOnly.getSslContext()).isNotNull();
    assertThat(off.getSslContext()).isNull();
    assertThat(off.getTarget()).isEqualTo("temporal.corp:7233");
  }

  @Test
  void aProfileTheFileLacksOrAMissingFileIsRefusedNamingIt(@TempDir Path dir) throws IOException {
    Path file = configFile(dir);

    assertThatThrownBy(
            () ->
                TemporalConnection.profile(
                    flags("--config-file", file.toString(), "--profile", "prod"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prod");
    assertThatThrownBy(
            () ->
                TemporalConnection.profile(
                    flags("--config-file", dir.resolve("missing.toml").toString()), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no Temporal client configuration file " + dir.resolve("missing.toml"));
  }

  @Test
  void aTlsFileThatCannotBeReadIsRefusedNamingTheAddress(@TempDir Path dir) {
    ClientConfigProfile profile =
        TemporalConnection.profile(
            flags("--address", "t:7233", "--tls-ca-path", dir.resolve("no-ca.pem").toString()),
            Map.of("TEMPORAL_CONFIG_FILE", dir.resolve("none.toml").toString()));

    assertThatThrownBy(() -> TemporalConnection.stubsOptions(profile))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot use the TLS settings for t:7233: ")
        .hasMessageContaining("no-ca.pem");
  }

  /** The flags as a command line gives them to the mixin. */
  private static ConnectionFlags flags(String... args) {
    TemporalOptions options = new TemporalOptions();
    new CommandLine(new Holder(options)).parseArgs(args);
    return options.flags();
  }

  @CommandLine.Command(name = "test")
  static final class Holder {
    @CommandLine.Mixin final TemporalOptions options;

    Holder(TemporalOptions options) {
      this.options = options;
    }
  }
}
