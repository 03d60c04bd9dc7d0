package org.umsrollout.workflows.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.umsrollout.worker.MetricsEndpoint;
import org.umsrollout.workflows.messages.GateDecision;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutResult;

/** A scrape of the Prometheus endpoint after a rollout of the lab shows what happened. */
class MetricsEndpointTest {
  private MetricsEndpoint metrics;
  private LabRollout lab;

  @AfterEach
  void tearDown() {
    if (lab != null) {
      lab.close();
    }
    if (metrics != null) {
      metrics.close();
    }
  }

  @Test
  @DisplayName(
      "S2, S6: after a rollout the scrape shows its outcome, the gate wait, the freeze, installs by"
          + " role, no server left on a local copy, and the SDK's own metrics")
  void scrapeAfterARolloutShowsWhatHappened() throws Exception {
    metrics = MetricsEndpoint.start("127.0.0.1", 0);
    lab = LabRollout.withMetrics(metrics.scope());
    RolloutWorkflow rollout =
        lab.start(lab.request(Policy.approving(List.of(Gate.FIRST_SERVER.id()))));
    lab.awaitOpenGate(rollout, Gate.FIRST_SERVER.id());
    rollout.approveGate(new GateDecision(Gate.FIRST_SERVER.id(), "ops", null));
    RolloutResult result = lab.result(rollout);
    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);

    String scrape =
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(250))
            .until(this::scrape, s -> value(s, "ums_rollouts_total", "outcome=\"COMPLETED\"") > 0);

    assertThat(value(scrape, "ums_rollouts_total", "outcome=\"COMPLETED\"")).isEqualTo(1.0);
    assertThat(value(scrape, "ums_gate_wait_seconds_count", "gate=\"first-server\""))
        .isEqualTo(1.0);
    assertThat(value(scrape, "ums_change_freeze_seconds_count", "")).isEqualTo(1.0);
    assertThat(value(scrape, "ums_servers_on_local_copy", "")).isEqualTo(0.0);
    assertThat(value(scrape, "ums_install_duration_seconds_count", "role=\"SERVER\""))
        .isEqualTo(3.0);
    assertThat(value(scrape, "ums_install_duration_seconds_count", "role=\"LOAD_BALANCER\""))
        .isEqualTo(2.0);
    assertThat(value(scrape, "temporal_workflow_completed_total", "")).isGreaterThanOrEqualTo(1.0);
    assertThat(scrape.lines().filter(l -> l.startsWith("ums_")))
        .as("the product's series carry no host names (the SDK's task queues are per host)")
        .isNotEmpty()
        .noneMatch(l -> l.contains("ums-srv-1"));
  }

  private String scrape() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + metrics.port() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** The sum of a metric's samples whose labels contain {@code label}; 0 when there are none. */
  private static double value(String scrape, String name, String label) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$")
            .matcher(scrape);
    double sum = 0;
    while (m.find()) {
      if (m.group(1) == null ? label.isEmpty() : m.group(1).contains(label)) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }
}
