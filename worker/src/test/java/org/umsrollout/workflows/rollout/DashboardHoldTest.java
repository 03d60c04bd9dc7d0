package org.umsrollout.workflows.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.umsrollout.worker.http.Dashboard;
import org.umsrollout.worker.http.Identity;
import org.umsrollout.workflows.messages.GateDecision;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.status.HostState;
import org.umsrollout.workflows.status.RolloutStatus;
import org.umsrollout.workflows.temporal.DataConverters;

/** A hold answered through the dashboard: retry as the signed-in operator, refused without. */
class DashboardHoldTest {
  private static final String TOKEN = "dave-token-0123456789abcdef";

  @Test
  void aHeldServerIsRetriedThroughTheApiAndItsPageOffersRetrySkipAbort() throws Exception {
    try (LabRollout lab = new LabRollout()) {
      lab.lab.failInstallsInUpdateMode("ums-srv-2", 1, true);
      RolloutWorkflow rollout = lab.start();
      String first = Gate.FIRST_SERVER.id();
      lab.awaitOpenGate(rollout, first);
      rollout.approveGate(new GateDecision(first, "ops", "go"));
      lab.awaitStatus(rollout, s -> "ums-srv-2".equals(s.heldAt()));
      try (Dashboard dashboard =
          Dashboard.start(
              lab.client, new Identity(null, Map.of(TOKEN, "dave"), null), "127.0.0.1", 0)) {
        HttpClient http = HttpClient.newHttpClient();
        String base =
            "http://127.0.0.1:" + dashboard.port() + "/api/rollouts/" + lab.inventory.site();

        HttpResponse<String> anonymous =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/abort"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(rollout.status().heldAt()).isEqualTo("ums-srv-2");

        HttpResponse<String> page =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + dashboard.port()
                                + "/rollouts/"
                                + lab.inventory.site()))
                    .header("Authorization", "Bearer " + TOKEN)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.body())
            .contains("Held at ums-srv-2")
            .contains("class=\"retry\"")
            .contains("Skip ums-srv-2")
            .contains("class=\"abort\"")
            .contains("name=\"confirmed\"");

        HttpResponse<String> retried =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/retry"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"log checked\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        JsonNode answer = DataConverters.objectMapper().readTree(retried.body());
        assertThat(answer.get("answer").asText()).isNotBlank();

        RolloutStatus after =
            lab.awaitStatus(
                rollout,
                s -> s.heldAt() == null && s.host("ums-srv-2").state() == HostState.UPDATED);
        assertThat(after.timeline()).anyMatch(e -> e.message().contains("dave"));

        HttpResponse<String> nothingHeld =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/hosts/ums-srv-2/skip"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(nothingHeld.statusCode()).as(nothingHeld.body()).isEqualTo(409);
      }
    }
  }
}
