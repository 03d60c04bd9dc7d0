package org.umsrollout.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.ClientConfigTLS;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.umsrollout.workflows.temporal.DataConverters;
import org.umsrollout.workflows.temporal.RolloutSearchAttributes;

/**
 * The one way the rollout's processes and its CLI reach Temporal: where and how as the {@code
 * temporal} CLI has it (Temporal's client configuration: a profile, TLS, an API key; see {@link
 * #profile}); stubs checked at once, so an address nobody listens on fails within the timeout
 * instead of hanging; clients with the rollout's data converter; the rollout's search attributes.
 */
public final class TemporalConnection {
  /** How long a worker process waits for Temporal when it starts. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Where Temporal is when neither a flag, nor the environment, nor a profile says. */
  public static final String DEFAULT_ADDRESS = "localhost:7233";

  public static final String DEFAULT_NAMESPACE = "default";

  private TemporalConnection() {}

  /**
   * Where and how to reach Temporal, as the {@code temporal} CLI decides it: the profile ({@code
   * --profile}, {@code TEMPORAL_PROFILE}, else "default") of Temporal's client configuration file
   * ({@code --config-file}, {@code TEMPORAL_CONFIG_FILE}, else the OS default), the {@code
   * TEMPORAL_*} environment variables over it ({@code TEMPORAL_ADDRESS}, {@code
   * TEMPORAL_NAMESPACE}, {@code TEMPORAL_API_KEY}, {@code TEMPORAL_TLS*}, {@code
   * TEMPORAL_GRPC_META_*}), and the flags over both. Address and namespace are always set.
   *
   * @param env the environment variables (the process's own, or a test's)
   * @throws IllegalArgumentException when the file cannot be read, or names no such profile
   */
  public static ClientConfigProfile profile(ConnectionFlags flags, Map<String, String> env) {
    LoadClientConfigProfileOptions.Builder load =
        LoadClientConfigProfileOptions.newBuilder().setEnvOverrides(env);
    if (flags.configFile() != null) {
      if (!Files.isRegularFile(Path.of(flags.configFile()))) {
        throw new IllegalArgumentException(
            "no Temporal client configuration file " + flags.configFile());
      }
      load.setConfigFilePath(flags.configFile());
    }
    if (flags.profile() != null) {
      load.setConfigFileProfile(flags.profile());
    }
    ClientConfigProfile loaded;
    try {
      loaded = ClientConfigProfile.load(load.build());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read Temporal's client configuration: " + e.getMessage(), e);
    }
    ClientConfigProfile.Builder profile = loaded.toBuilder();
    profile.setAddress(first(flags.address(), loaded.getAddress(), DEFAULT_ADDRESS));
    profile.setNamespace(first(flags.namespace(), loaded.getNamespace(), DEFAULT_NAMESPACE));
    if (flags.apiKey() != null) {
      profile.setApiKey(flags.apiKey());
    }
    if (flags.touchesTls()) {
      ClientConfigTLS.Builder tls =
          loaded.getTls() == null ? ClientConfigTLS.newBuilder() : loaded.getTls().toBuilder();
      if (flags.tls() != null) {
        tls.setDisabled(!flags.tls());
      }
      if (flags.tlsCaPath() != null) {
        tls.setServerCACertPath(flags.tlsCaPath()).setServerCACertData(null);
      }
      if (flags.tlsCertPath() != null) {
        tls.setClientCertPath(flags.tlsCertPath()).setClientCertData(null);
      }
      if (flags.tlsKeyPath() != null) {
        tls.setClientKeyPath(flags.tlsKeyPath()).setClientKeyData(null);
      }
      if (flags.tlsServerName() != null) {
        tls.setServerName(flags.tlsServerName());
      }
      if (flags.tlsDisableHostVerification() != null) {
        tls.setDisableHostVerification(flags.tlsDisableHostVerification());
      }
      profile.setTls(tls.build());
    }
    return profile.build();
  }

  /**
   * The stubs options of a profile (target, TLS, API key, gRPC metadata), to which a process adds
   * its own timeouts.
   *
   * @throws IllegalArgumentException when its TLS files cannot be read
   */
  public static WorkflowServiceStubsOptions.Builder stubsOptions(ClientConfigProfile profile) {
    try {
      return WorkflowServiceStubsOptions.newBuilder(profile.toWorkflowServiceStubsOptions());
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalArgumentException(
          "cannot use the TLS settings for " + profile.getAddress() + ": " + cause.getMessage(), e);
    }
  }

  /** Stubs to the service of {@code profile}, connected within {@link #CONNECT_TIMEOUT}. */
  public static WorkflowServiceStubs connect(ClientConfigProfile profile) {
    return connect(stubsOptions(profile).build(), CONNECT_TIMEOUT);
  }

  /**
   * Stubs to the service at {@code address} with the SDK's default timeouts, without TLS and
   * without reading any configuration: for a server this process started itself.
   */
  public static WorkflowServiceStubs connect(String address) {
    return connect(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address).build(), CONNECT_TIMEOUT);
  }

  /**
   * Stubs with {@code options}, connected within {@code timeout}.
   *
   * @throws IllegalStateException naming the address when the service does not answer in time
   */
  public static WorkflowServiceStubs connect(
      WorkflowServiceStubsOptions options, Duration timeout) {
    try {
      return WorkflowServiceStubs.newConnectedServiceStubs(options, timeout);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot reach Temporal at " + options.getTarget() + ": " + e.getMessage(), e);
    }
  }

  /** Every client of the rollout uses the one data converter of the workflows module. */
  public static WorkflowClient client(WorkflowServiceStubs service, String namespace) {
    return WorkflowClient.newInstance(
        service,
        WorkflowClientOptions.newBuilder()
            .setNamespace(namespace)
            .setDataConverter(DataConverters.rollout())
            .build());
  }

  private static String first(String... values) {
    for (String value : values) {
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return null;
  }

  /** Registers the rollout's search attributes; those already there are left as they are. */
  public static void registerSearchAttributes(WorkflowServiceStubs service, String namespace) {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(service.getRawChannel())
                .validateAndBuildWithDefaults());
    try {
      for (var attribute : RolloutSearchAttributes.REGISTRATION.entrySet()) {
        try {
          operator
              .blockingStub()
              .addSearchAttributes(
                  AddSearchAttributesRequest.newBuilder()
                      .setNamespace(namespace)
                      .putSearchAttributes(attribute.getKey(), attribute.getValue())
                      .build());
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
            throw e;
          }
        }
      }
    } finally {
      operator.shutdownNow();
    }
  }
}
