package org.umsrollout.activities.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.umsrollout.workflows.ports.Notification;
import org.umsrollout.workflows.ports.NotificationActivities;

/**
 * Posts a rollout's notification as JSON to its webhook, signed with HMAC-SHA256 over the body with
 * the shared secret from the orchestrator's environment ({@code UMS_WEBHOOK_SECRET}): header {@code
 * X-Ums-Signature: sha256=<hex>}, as GitHub's webhooks do. A receiver that does not answer 2xx
 * fails the attempt, and Temporal retries it.
 */
public final class WebhookActivitiesImpl implements NotificationActivities {
  public static final String SECRET_VARIABLE = "UMS_WEBHOOK_SECRET";
  public static final String SIGNATURE_HEADER = "X-Ums-Signature";
  public static final String EVENT_HEADER = "X-Ums-Event";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Function<String, String> environment;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * @param environment looks up {@code UMS_WEBHOOK_SECRET} (System::getenv in a process)
   */
  public WebhookActivitiesImpl(Function<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public void send(Notification notification) {
    String secret = environment.apply(SECRET_VARIABLE);
    if (secret == null || secret.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          SECRET_VARIABLE + " is not set on the orchestrator: webhooks are sent signed only",
          "WEBHOOK_UNSIGNED");
    }
    byte[] body = body(notification);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(notification.url()))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header(EVENT_HEADER, notification.event())
            .header("X-Ums-Delivery", deliveryId())
            .header(SIGNATURE_HEADER, "sha256=" + sign(secret, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(
          "webhook " + notification.url() + " unreachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling the webhook", e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "webhook " + notification.url() + " answered " + response.statusCode());
    }
  }

  /** The HMAC-SHA256 of {@code body} under {@code secret}, in hex. */
  public static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** The JSON body: every field of the notification but its address. */
  private static byte[] body(Notification notification) {
    ObjectNode node = JSON.valueToTree(notification);
    node.remove("url");
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The same for every attempt of one notification, so that a receiver can drop a repeat. */
  private static String deliveryId() {
    var info = Activity.getExecutionContext().getInfo();
    return info.getWorkflowId() + "/" + info.getActivityId();
  }
}
