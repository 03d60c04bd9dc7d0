package org.umsrollout.worker.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.temporal.client.WorkflowClient;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.umsrollout.client.rollouts.RolloutView;
import org.umsrollout.client.rollouts.Rollouts;
import org.umsrollout.workflows.messages.GateAnswer;
import org.umsrollout.workflows.temporal.DataConverters;

/**
 * The dashboard: server-rendered pages for people and the same data as JSON (docs/http-api.md).
 * Reads need no identity; every change is made as the authenticated operator ({@link Identity}) and
 * refused without one, and refused when a browser sends it from another site (its Origin).
 */
public final class Dashboard implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dashboard.class);
  static final String ABORT_SENT =
      "abort sent: the rollout stops before its next step (past the point of no return only when"
          + " confirmed); its timeline shows what it did";

  /** What a JSON client sends with a decision. */
  public record DecisionBody(String reason, Boolean confirmed) {}

  /** What the JSON API answers to a hold's answer or an abort. */
  public record Answer(String answer) {}

  private final RolloutOperations rollouts;
  private final Identity identity;
  private final Javalin app;

  private Dashboard(WorkflowClient client, Identity identity) {
    this.rollouts = new RolloutOperations(client);
    this.identity = identity;
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.jsonMapper(new JavalinJackson(DataConverters.objectMapper(), false));
              config.routes.before(this::refuseForeignOrigin);
              config.routes.get("/", this::listPage);
              config.routes.get("/rollouts/{site}", this::rolloutPage);
              config.routes.post("/rollouts/{site}/gates/{gate}/decide", this::decideForm);
              config.routes.get("/api/rollouts", ctx -> ctx.json(rollouts.list(filter(ctx))));
              config.routes.get("/api/rollouts/{site}", this::rolloutJson);
              config.routes.post(
                  "/api/rollouts/{site}/gates/{gate}/approve", ctx -> decideJson(ctx, true));
              config.routes.post(
                  "/api/rollouts/{site}/gates/{gate}/reject", ctx -> decideJson(ctx, false));
              config.routes.post("/rollouts/{site}/act", this::actForm);
              config.routes.post(
                  "/api/rollouts/{site}/retry",
                  ctx -> {
                    String by = operator(ctx);
                    DecisionBody body = body(ctx);
                    ctx.json(new Answer(rollouts.retry(ctx.pathParam("site"), by, body.reason())));
                  });
              config.routes.post(
                  "/api/rollouts/{site}/hosts/{host}/skip",
                  ctx -> {
                    String by = operator(ctx);
                    DecisionBody body = body(ctx);
                    ctx.json(
                        new Answer(
                            rollouts.skip(
                                ctx.pathParam("site"),
                                ctx.pathParam("host"),
                                by,
                                body.reason(),
                                Boolean.TRUE.equals(body.confirmed()))));
                  });
              config.routes.post(
                  "/api/rollouts/{site}/abort",
                  ctx -> {
                    String by = operator(ctx);
                    DecisionBody body = body(ctx);
                    rollouts.abort(
                        ctx.pathParam("site"),
                        by,
                        body.reason(),
                        Boolean.TRUE.equals(body.confirmed()));
                    ctx.status(202).json(new Answer(ABORT_SENT));
                  });
              config.routes.exception(
                  IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
              config.routes.exception(
                  RolloutOperations.Refused.class,
                  (e, ctx) -> error(ctx, e.status, e.getMessage()));
            });
  }

  /** Serves on {@code bind:port} (port 0: any free one) until closed. */
  public static Dashboard start(WorkflowClient client, Identity identity, String bind, int port) {
    Dashboard dashboard = new Dashboard(client, identity);
    dashboard.app.start(bind, port);
    log.info("dashboard on http://{}:{}/ ({})", bind, dashboard.app.port(), identity.describe());
    return dashboard;
  }

  /** Whether {@code bind} is a loopback address, where only this machine reaches the server. */
  public static boolean isLoopback(String bind) {
    try {
      return InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot resolve the bind address " + bind, e);
    }
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
    rollouts.close();
  }

  private static Rollouts.Filter filter(Context ctx) {
    return new Rollouts.Filter(
        param(ctx, "site"), param(ctx, "phase"), param(ctx, "target"), false);
  }

  private static String param(Context ctx, String name) {
    String value = ctx.queryParam(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  private void listPage(Context ctx) {
    Rollouts.Filter filter = filter(ctx);
    ctx.html(Pages.list(rollouts.list(filter), filter, identity.operator(ctx).orElse(null)));
  }

  private RolloutView found(Context ctx) {
    String site = ctx.pathParam("site");
    return rollouts
        .get(site)
        .orElseThrow(() -> new RolloutOperations.Refused(404, "no rollout of site " + site));
  }

  private void rolloutPage(Context ctx) {
    renderRollout(ctx, null);
  }

  private void renderRollout(Context ctx, String notice) {
    ctx.html(
        Pages.rollout(
            found(ctx), identity.operator(ctx).orElse(null), notice, System.currentTimeMillis()));
  }

  private void rolloutJson(Context ctx) {
    ctx.json(found(ctx));
  }

  private String operator(Context ctx) {
    return identity
        .operator(ctx)
        .orElseThrow(
            () -> new RolloutOperations.Refused(401, "not authenticated: nothing was changed"));
  }

  private static DecisionBody body(Context ctx) {
    return ctx.body().isBlank()
        ? new DecisionBody(null, null)
        : ctx.bodyAsClass(DecisionBody.class);
  }

  private void decideJson(Context ctx, boolean approve) {
    String by = operator(ctx);
    DecisionBody body = body(ctx);
    GateAnswer answer =
        rollouts.decide(
            ctx.pathParam("site"),
            ctx.pathParam("gate"),
            approve,
            by,
            body.reason(),
            Boolean.TRUE.equals(body.confirmed()));
    log.info("gate {} of {} {} by {}", answer.gate(), ctx.pathParam("site"), answer.state(), by);
    ctx.json(answer);
  }

  private void decideForm(Context ctx) {
    String decision = ctx.formParam("decision");
    if (!"approve".equals(decision) && !"reject".equals(decision)) {
      throw new IllegalArgumentException("decision is approve or reject");
    }
    String site = ctx.pathParam("site");
    try {
      String by = operator(ctx);
      GateAnswer answer =
          rollouts.decide(
              site,
              ctx.pathParam("gate"),
              "approve".equals(decision),
              by,
              ctx.formParam("reason"),
              "yes".equals(ctx.formParam("confirmed")));
      log.info("gate {} of {} {} by {}", answer.gate(), site, answer.state(), by);
      ctx.redirect(Pages.rolloutPath(site), HttpStatus.SEE_OTHER);
    } catch (RolloutOperations.Refused e) {
      ctx.status(e.status);
      renderRollout(ctx, decision + " refused: " + e.getMessage());
    }
  }

  /** A hold's answer (retry, skip) or an abort from the rollout's page. */
  private void actForm(Context ctx) {
    String action = ctx.formParam("action");
    String site = ctx.pathParam("site");
    String reason = ctx.formParam("reason");
    boolean confirmed = "yes".equals(ctx.formParam("confirmed"));
    try {
      String by = operator(ctx);
      String answer =
          switch (action == null ? "" : action) {
            case "retry" -> rollouts.retry(site, by, reason);
            case "skip" -> rollouts.skip(site, ctx.formParam("host"), by, reason, confirmed);
            case "abort" -> {
              rollouts.abort(site, by, reason, confirmed);
              yield ABORT_SENT;
            }
            default -> throw new IllegalArgumentException("action is retry, skip or abort");
          };
      log.info("{} on {} by {}: {}", action, site, by, answer);
      ctx.redirect(Pages.rolloutPath(site), HttpStatus.SEE_OTHER);
    } catch (RolloutOperations.Refused e) {
      ctx.status(e.status);
      renderRollout(ctx, action + " refused: " + e.getMessage());
    }
  }

  /**
   * A browser names the page a request comes from (Origin) on every cross-site POST: one from
   * another site is refused, so that no other page in an operator's browser approves a gate.
   */
  private void refuseForeignOrigin(Context ctx) {
    String origin = ctx.header("Origin");
    if (!"POST".equals(ctx.method().name()) || origin == null) {
      return;
    }
    String host = Optional.ofNullable(ctx.header("X-Forwarded-Host")).orElse(ctx.host());
    String originHost;
    try {
      originHost = URI.create(origin).getAuthority();
    } catch (IllegalArgumentException e) {
      originHost = null;
    }
    if (originHost == null || !originHost.equalsIgnoreCase(host)) {
      throw new RolloutOperations.Refused(403, "a change from another site is refused");
    }
  }

  private static void error(Context ctx, int status, String message) {
    ctx.status(status).json(Map.of("error", message == null ? "" : message));
  }
}
