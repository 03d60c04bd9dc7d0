package org.umsrollout.workflows.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.temporal.worker.WorkerFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.umsrollout.activities.notify.WebhookActivitiesImpl;
import org.umsrollout.worker.Workers;
import org.umsrollout.workflows.messages.GateDecision;
import org.umsrollout.workflows.messages.RolloutRequest;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.model.Webhook;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutResult;

/** The rollout tells a webhook what an operator should know, signed, retried by Temporal. */
class WebhooksTest {
  private static final String SECRET = "shared-secret-for-the-test";
  private static final String FIRST = Gate.FIRST_SERVER.id();

  private record Call(String event, String signature, byte[] body) {}

  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer receiver;
  private LabRollout lab;
  private WorkerFactory orchestrator;

  @AfterEach
  void tearDown() {
    if (orchestrator != null) {
      orchestrator.shutdownNow();
    }
    if (lab != null) {
      lab.close();
    }
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  @Test
  @DisplayName(
      "S6: a gate opening and the end reach the webhook, signed with the shared secret, linking"
          + " the dashboard page; a receiver that fails once is called again")
  void gateAndEndReachTheWebhookSigned_S6() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          boolean failThisOne = requests.incrementAndGet() == 1;
          if (!failThisOne) {
            calls.add(
                new Call(
                    exchange.getRequestHeaders().getFirst(WebhookActivitiesImpl.EVENT_HEADER),
                    exchange.getRequestHeaders().getFirst(WebhookActivitiesImpl.SIGNATURE_HEADER),
                    body));
          }
          exchange.sendResponseHeaders(failThisOne ? 500 : 204, -1);
          exchange.close();
        });
    receiver.start();
    String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";

    lab = LabRollout.withoutOrchestrator();
    orchestrator = WorkerFactory.newInstance(lab.client);
    Workers.orchestrator(
        orchestrator, lab.database, Map.of(WebhookActivitiesImpl.SECRET_VARIABLE, SECRET)::get);
    orchestrator.start();
    RolloutRequest plain = lab.request(Policy.approving(List.of(FIRST)));
    RolloutWorkflow rollout =
        lab.start(
            new RolloutRequest(
                plain.inventory(),
                plain.targetVersion(),
                plain.installer(),
                plain.policy().withWebhook(new Webhook(url, "https://rollouts.example/")),
                plain.requestedBy()));
    lab.awaitOpenGate(rollout, FIRST);
    rollout.approveGate(new GateDecision(FIRST, "ops", null));
    RolloutResult result = lab.result(rollout);
    lab.recordHistory(rollout, "safe-webhook-notified.json");

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(requests.get())
        .as("the failed first call was made again")
        .isGreaterThan(calls.size());
    ObjectMapper json = new ObjectMapper();
    assertThat(calls)
        .allSatisfy(
            c ->
                assertThat(c.signature())
                    .isEqualTo("sha256=" + WebhookActivitiesImpl.sign(SECRET, c.body())));
    assertThat(calls).extracting(Call::event).contains("gate-opened", "rollout-ended");
    JsonNode opened =
        json.readTree(
            calls.stream()
                .filter(c -> c.event().equals("gate-opened"))
                .findFirst()
                .orElseThrow()
                .body());
    assertThat(opened.path("subject").asText()).isEqualTo(FIRST);
    assertThat(opened.path("site").asText()).isEqualTo(lab.inventory.site());
    assertThat(opened.path("link").asText())
        .startsWith("https://rollouts.example/rollouts/rollout%2F" + lab.inventory.site());
    assertThat(opened.has("url")).as("the body does not repeat the address").isFalse();
    JsonNode ended = json.readTree(calls.get(calls.size() - 1).body());
    assertThat(ended.path("event").asText()).isEqualTo("rollout-ended");
    assertThat(ended.path("subject").asText()).isEqualTo("COMPLETED");
  }
}
