package org.umsrollout.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs a {@link BareChainWorkflow.Chain}: step after step, the calls of a step in parallel. */
public final class BareChainWorkflowImpl implements BareChainWorkflow {
  @Override
  public int run(Chain chain) {
    int done = 0;
    for (List<Call> step : chain.steps()) {
      List<Promise<JsonNode>> running = new ArrayList<>();
      for (Call call : step) {
        ActivityOptions.Builder options =
            ActivityOptions.newBuilder()
                .setTaskQueue(call.taskQueue())
                .setStartToCloseTimeout(Duration.ofMillis(call.startToCloseMillis()))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build());
        if (call.heartbeatMillis() > 0) {
          options.setHeartbeatTimeout(Duration.ofMillis(call.heartbeatMillis()));
        }
        running.add(
            Workflow.newUntypedActivityStub(options.build())
                .executeAsync(call.type(), JsonNode.class, call.args().toArray()));
      }
      Promise.allOf(running).get();
      done += running.size();
    }
    return done;
  }
}
