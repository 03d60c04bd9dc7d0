package org.umsrollout.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import com.uber.m3.util.Duration;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A Prometheus scrape endpoint ({@code GET /metrics}) for one worker process: the Temporal SDK's
 * metrics (workflow and activity tasks, polls, latencies) through its Micrometer reporter, and the
 * product's own: rollouts by outcome, holds, gate waits, the change freeze, the servers on a local
 * copy (from the workflow's metrics scope, which stays silent while a workflow replays), and
 * installs by role and result (from the host activities). Tags are bounded: no host names.
 */
public final class MetricsEndpoint implements AutoCloseable {
  /** The liveness probe's path, once {@link #serveHealth} was called. */
  public static final String LIVENESS = "/healthz";

  /** The readiness probe's path, once {@link #serveHealth} was called. */
  public static final String READINESS = "/readyz";

  private final PrometheusMeterRegistry registry;
  private final Scope scope;
  private final HttpServer server;

  private MetricsEndpoint(PrometheusMeterRegistry registry, Scope scope, HttpServer server) {
    this.registry = registry;
    this.scope = scope;
    this.server = server;
  }

  /** Serves {@code /metrics} on {@code bind:port} (port 0: any free one). */
  public static MetricsEndpoint start(String bind, int port) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Metrics.addRegistry(registry);
    Scope scope =
        new RootScopeBuilder()
            .reporter(new MicrometerClientStatsReporter(registry))
            .reportEvery(Duration.ofSeconds(1));
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(bind, port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on " + bind + ":" + port, e);
    }
    server.createContext(
        "/metrics",
        exchange -> respond(exchange, 200, "text/plain; version=0.0.4", registry.scrape()));
    server.start();
    return new MetricsEndpoint(registry, scope, server);
  }

  /**
   * Serves the probes of a container platform next to {@code /metrics}: {@code /healthz} (liveness)
   * and {@code /readyz} (readiness), 200 or 503 with a sentence. Paths as {@link #LIVENESS} and
   * {@link #READINESS} name them.
   */
  public void serveHealth(Health health) {
    server.createContext(LIVENESS, exchange -> answer(exchange, health.liveness()));
    server.createContext(READINESS, exchange -> answer(exchange, health.readiness()));
  }

  private static void answer(HttpExchange exchange, Health.Status status) throws IOException {
    respond(
        exchange, status.ok() ? 200 : 503, "text/plain; charset=utf-8", status.message() + "\n");
  }

  private static void respond(HttpExchange exchange, int code, String contentType, String text)
      throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(code, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** The SDK's metrics scope, for the service stubs and the test environment. */
  public Scope scope() {
    return scope;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** What a scrape returns now. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    server.stop(0);
    try {
      scope.close();
    } catch (ScopeCloseException e) {
      // Reports what is left; nothing to do if it cannot.
    }
    Metrics.removeRegistry(registry);
    registry.close();
  }
}
