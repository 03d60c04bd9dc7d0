package org.umsrollout.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.umsrollout.workflows.temporal.DataConverters;

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
}
