package org.umsrollout.worker;

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

/** Connects to a Temporal service, failing fast and clearly when it is not there. */
public final class TemporalConnection {
  private TemporalConnection() {}

  public static WorkflowServiceStubs connect(String address) {
    try {
      return WorkflowServiceStubs.newConnectedServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget(address).build(),
          Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot reach Temporal at " + address + ": " + e.getMessage(), e);
    }
  }

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
