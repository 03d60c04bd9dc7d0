package org.umsrollout.workflows.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.umsrollout.worker.http.Dashboard;
import org.umsrollout.worker.http.Identity;
import org.umsrollout.workflows.temporal.DataConverters;

/** Without an orchestrator the dashboard still shows what Temporal's visibility records. */
class DashboardWithoutOrchestratorTest {

  @Test
  void aRolloutFallsBackToVisibilityAndItsPageSaysSo() throws Exception {
    try (LabRollout lab = LabRollout.withoutOrchestrator();
        Dashboard dashboard = Dashboard.start(lab.client, Identity.none(), "127.0.0.1", 0)) {
      lab.start();
      String site = lab.inventory.site();
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + dashboard.port();

      HttpResponse<String> json =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/rollouts/" + site)).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(json.statusCode()).isEqualTo(200);
      JsonNode view = DataConverters.objectMapper().readTree(json.body());
      assertThat(view.get("source").asText()).isEqualTo("visibility");
      assertThat(view.get("status").isNull()).isTrue();
      assertThat(view.get("outcome").asText()).isEqualTo("running");
    }
  }
}
