package org.umsrollout.starter;

import io.temporal.client.WorkflowClient;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import org.umsrollout.client.TemporalConnection;

/**
 * Clients to a real Temporal service, with timeouts for a person at a terminal: an address nobody
 * listens on fails within seconds, and no command hangs for the SDK's minute of retries.
 */
final class TemporalClientFactory implements ClientFactory {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  static final Duration SYSTEM_INFO_TIMEOUT = Duration.ofSeconds(2);
  static final Duration RPC_TIMEOUT = Duration.ofSeconds(10);

  /** A status query waits this long for a worker to answer before the CLI falls back. */
  static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

  /** How long one command keeps retrying a failing call, so none hangs for the SDK's minute. */
  static final Duration RETRY_EXPIRATION = Duration.ofSeconds(8);

  @Override
  public WorkflowClient connect(ClientConfigProfile profile) {
    WorkflowServiceStubsOptions options;
    try {
      options =
          TemporalConnection.stubsOptions(profile)
              .setRpcTimeout(RPC_TIMEOUT)
              .setRpcQueryTimeout(QUERY_TIMEOUT)
              .setRpcRetryOptions(
                  RpcRetryOptions.newBuilder()
                      .setExpiration(RETRY_EXPIRATION)
                      .validateBuildWithDefaults())
              .setSystemInfoTimeout(SYSTEM_INFO_TIMEOUT)
              .build();
    } catch (IllegalArgumentException e) {
      throw CliException.refused(e.getMessage());
    }
    WorkflowServiceStubs stubs;
    try {
      stubs = TemporalConnection.connect(options, CONNECT_TIMEOUT);
    } catch (RuntimeException e) {
      throw CliException.unreachable(Failures.unreachable(profile.getAddress(), e));
    }
    return TemporalConnection.client(stubs, profile.getNamespace());
  }

  @Override
  public void release(WorkflowClient client) {
    client.getWorkflowServiceStubs().shutdown();
  }
}
