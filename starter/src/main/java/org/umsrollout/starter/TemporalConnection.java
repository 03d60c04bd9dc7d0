package org.umsrollout.starter;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import org.umsrollout.workflows.temporal.DataConverters;

/**
 * Connects to a real Temporal service. It checks the connection at once with a short timeout, so an
 * address nobody listens on fails within seconds instead of hanging.
 */
final class TemporalConnection implements ClientFactory {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  static final Duration SYSTEM_INFO_TIMEOUT = Duration.ofSeconds(2);
  static final Duration RPC_TIMEOUT = Duration.ofSeconds(10);

  /** A status query waits this long for a worker to answer before the CLI falls back. */
  static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

  /** How long one command keeps retrying a failing call, so none hangs for the SDK's minute. */
  static final Duration RETRY_EXPIRATION = Duration.ofSeconds(8);

  @Override
  public WorkflowClient connect(String address, String namespace) {
    WorkflowServiceStubsOptions options =
        WorkflowServiceStubsOptions.newBuilder()
            .setTarget(address)
            .setRpcTimeout(RPC_TIMEOUT)
            .setRpcQueryTimeout(QUERY_TIMEOUT)
            .setRpcRetryOptions(
                RpcRetryOptions.newBuilder()
                    .setExpiration(RETRY_EXPIRATION)
                    .validateBuildWithDefaults())
            .setSystemInfoTimeout(SYSTEM_INFO_TIMEOUT)
            .build();
    WorkflowServiceStubs stubs;
    try {
      stubs = WorkflowServiceStubs.newConnectedServiceStubs(options, CONNECT_TIMEOUT);
    } catch (RuntimeException e) {
      throw CliException.failed(Failures.unreachable(address, e));
    }
    return client(stubs, namespace);
  }

  @Override
  public void release(WorkflowClient client) {
    client.getWorkflowServiceStubs().shutdown();
  }

  /** Every client of the rollout uses the one data converter of the workflows module. */
  static WorkflowClient client(WorkflowServiceStubs stubs, String namespace) {
    return WorkflowClient.newInstance(
        stubs,
        WorkflowClientOptions.newBuilder()
            .setNamespace(namespace)
            .setDataConverter(DataConverters.rollout())
            .build());
  }
}
