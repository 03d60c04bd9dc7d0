package org.umsrollout.workflows.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.umsrollout.worker.http.Dashboard;
import org.umsrollout.worker.http.Identity;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.status.GateState;
import org.umsrollout.workflows.status.GateView;
import org.umsrollout.workflows.temporal.DataConverters;

/** The dashboard's JSON and pages against a lab rollout: decisions only as who signed in. */
class DashboardTest {
  private static final String FIRST = Gate.FIRST_SERVER.id();
  private static final String ALICE_TOKEN = "alice-token-0123456789abcdef";

  private final HttpClient http = HttpClient.newHttpClient();
  private LabRollout lab;
  private RolloutWorkflow rollout;
  private Dashboard dashboard;
  private String site;

  @BeforeEach
  void startRollout() {
    lab = new LabRollout();
    rollout = lab.start();
    site = lab.inventory.site();
    lab.awaitOpenGate(rollout, FIRST);
  }

  @AfterEach
  void tearDown() {
    if (dashboard != null) {
      dashboard.close();
    }
    lab.close();
  }

  private void serve(Identity identity) {
    dashboard = Dashboard.start(lab.client, identity, "127.0.0.1", 0);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboard.port() + path));
  }

  private HttpRequest.Builder decide(String decision, String json) {
    return request("/api/rollouts/" + site + "/gates/" + FIRST + "/" + decision)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  private GateView gate(String name) {
    return rollout.status().gates().stream()
        .filter(g -> g.gate().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return DataConverters.objectMapper().readTree(response.body());
  }

  @Test
  void approvesAGateAsTheOperatorOfTheTokenNotTheNameInTheBody() throws Exception {
    serve(new Identity(null, Map.of(ALICE_TOKEN, "alice"), null));

    HttpResponse<String> anonymous = send(decide("approve", "{\"reason\":\"go\"}"));
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(gate(FIRST).state()).isEqualTo(GateState.OPEN);

    HttpResponse<String> wrongToken =
        send(decide("approve", "{}").header("Authorization", "Bearer not-a-token-of-anyone"));
    assertThat(wrongToken.statusCode()).isEqualTo(401);

    HttpResponse<String> approved =
        send(
            decide("approve", "{\"reason\":\"canary fine\",\"by\":\"mallory\"}")
                .header("Authorization", "Bearer " + ALICE_TOKEN));
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(json(approved).get("state").asText()).isEqualTo("APPROVED");
    GateView decided = gate(FIRST);
    assertThat(decided.state()).isEqualTo(GateState.APPROVED);
    assertThat(decided.decidedBy()).isEqualTo("alice");
    assertThat(decided.comment()).isEqualTo("canary fine");

    HttpResponse<String> again =
        send(decide("reject", "{}").header("Authorization", "Bearer " + ALICE_TOKEN));
    assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
    assertThat(json(again).get("error").asText()).isNotBlank();
  }

  @Test
  void readsTheRolloutAndTheListAsJson() throws Exception {
    serve(Identity.none());

    HttpResponse<String> one = send(request("/api/rollouts/" + site));
    assertThat(one.statusCode()).isEqualTo(200);
    JsonNode view = json(one);
    assertThat(view.get("rolloutId").asText()).isEqualTo("rollout/" + site);
    assertThat(view.get("source").asText()).isEqualTo("orchestrator");
    assertThat(view.at("/status/gates").findValuesAsText("gate")).contains(FIRST);

    HttpResponse<String> list = send(request("/api/rollouts?site=" + site));
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(json(list).findValuesAsText("site")).containsExactly(site);
    HttpResponse<String> none = send(request("/api/rollouts?site=elsewhere"));
    assertThat(json(none)).isEmpty();

    assertThat(send(request("/api/rollouts/elsewhere")).statusCode()).isEqualTo(404);
  }

  @Test
  void takesTheOperatorFromTheTrustedHeaderOnly() throws Exception {
    serve(new Identity("X-Forwarded-User", Map.of(), null));

    HttpResponse<String> page = send(request("/rollouts/" + site));
    assertThat(page.body()).contains("ums-srv-1").contains("read-only").doesNotContain("<form");

    HttpResponse<String> anonymous =
        send(decide("approve", "{}").header("X-Remote-User", "mallory"));
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(gate(FIRST).state()).isEqualTo(GateState.OPEN);

    HttpResponse<String> approved = send(decide("approve", "{}").header("X-Forwarded-User", "bob"));
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(gate(FIRST).decidedBy()).isEqualTo("bob");
  }

  @Test
  void approvesFromTheFormAndRefusesAFormFromAnotherSite() throws Exception {
    serve(new Identity(null, Map.of(), "carol"));

    HttpResponse<String> page = send(request("/rollouts/" + site));
    assertThat(page.body()).contains("signed in as carol").contains("class=\"approve\"");

    String form =
        "decision=approve&reason=" + URLEncoder.encode("looks good", StandardCharsets.UTF_8);
    HttpRequest.Builder post =
        request("/rollouts/" + site + "/gates/" + FIRST + "/decide")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));

    HttpResponse<String> foreign = send(post.copy().header("Origin", "http://evil.example"));
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(gate(FIRST).state()).isEqualTo(GateState.OPEN);

    HttpResponse<String> approved =
        send(post.header("Origin", "http://127.0.0.1:" + dashboard.port()));
    assertThat(approved.statusCode()).isEqualTo(303);
    assertThat(gate(FIRST).state()).isEqualTo(GateState.APPROVED);
    assertThat(gate(FIRST).decidedBy()).isEqualTo("carol");
  }
}
