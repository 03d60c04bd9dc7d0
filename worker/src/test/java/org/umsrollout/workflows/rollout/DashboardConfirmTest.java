package org.umsrollout.workflows.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.umsrollout.worker.http.Dashboard;
import org.umsrollout.worker.http.Identity;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.status.GateState;
import org.umsrollout.workflows.status.Phase;

/** Past the point of no return, a rejection from the page is carried out only when confirmed. */
class DashboardConfirmTest {
  private static final String END = Gate.END_UPDATE_MODE.id();

  private final HttpClient http = HttpClient.newHttpClient();
  private LabRollout lab;
  private Dashboard dashboard;

  @AfterEach
  void tearDown() {
    if (dashboard != null) {
      dashboard.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  @DisplayName(
      "S6, V3: rejecting end-update-mode from the page needs its confirm box; confirmed, the"
          + " server that did not reconnect is taken out of the network")
  void rejectionPastThePointNeedsTheConfirmBox_S6_V3() throws Exception {
    lab = new LabRollout();
    lab.lab.doesNotReconnect("ums-srv-1");
    RolloutWorkflow rollout = lab.start(lab.request(Policy.approving(List.of(END))));
    String site = lab.inventory.site();
    lab.awaitOpenGate(rollout, END);
    dashboard = Dashboard.start(lab.client, new Identity(null, Map.of(), "dana"), "127.0.0.1", 0);
    String base = "http://127.0.0.1:" + dashboard.port();

    String page =
        http.send(
                HttpRequest.newBuilder(URI.create(base + "/rollouts/" + site)).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(page).contains("name=\"confirmed\"");

    HttpResponse<String> unconfirmed = http.send(reject(base, site, "decision=reject"), handler());
    assertThat(unconfirmed.statusCode()).as(unconfirmed.body()).isEqualTo(409);
    assertThat(gateState(rollout)).isEqualTo(GateState.OPEN);

    HttpResponse<String> confirmed =
        http.send(reject(base, site, "decision=reject&confirmed=yes"), handler());
    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(303);
    assertThat(gateState(rollout)).isEqualTo(GateState.REJECTED);
    assertThat(lab.result(rollout).outcome()).isEqualTo(Phase.FAILED_VERIFICATION);
    assertThat(lab.lab.takenOut("ums-srv-1")).isTrue();
  }

  private static HttpResponse.BodyHandler<String> handler() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private static HttpRequest reject(String base, String site, String form) {
    return HttpRequest.newBuilder(
            URI.create(base + "/rollouts/" + site + "/gates/" + END + "/decide"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Origin", base)
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build();
  }

  private static GateState gateState(RolloutWorkflow rollout) {
    return rollout.status().gates().stream()
        .filter(g -> g.gate().equals(END))
        .findFirst()
        .orElseThrow()
        .state();
  }
}
