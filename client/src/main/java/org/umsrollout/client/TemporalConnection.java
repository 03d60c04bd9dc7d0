package org.umsrollout.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import org.umsrollout.workflows.temporal.DataConverters;
import org.umsrollout.workflows.temporal.RolloutSearchAttributes;

/**
 * The one way the rollout's processes and its CLI reach Temporal: stubs checked at once, so an
 * address nobody listens on fails within the timeout instead of hanging; clients with the rollout's
 * data converter; the rollout's search attributes.
 */
public final class TemporalConnection {
  /** How long a worker process waits for Temporal when it starts. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private TemporalConnection() {}

  /** Stubs to the service at {@code address} with the SDK's default timeouts. */
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
