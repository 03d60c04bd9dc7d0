package org.umsrollout.worker;

import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.worker.WorkerFactory;
import org.umsrollout.client.TemporalConnection;
import org.umsrollout.client.TemporalOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a worker process finds Temporal: the {@code temporal} CLI's flags over Temporal's client
 * configuration (profile file, {@code TEMPORAL_*} variables), so that a Temporal Cloud namespace or
 * an mTLS cluster needs no change of code; and where it serves its metrics. A mixin of every
 * command that runs workers.
 */
final class ConnectionOptions {
  @Mixin TemporalOptions flags;

  @Option(
      names = "--metrics-port",
      description =
          "serve Prometheus metrics at http://<metrics-bind>:PORT/metrics (0: any free port);"
              + " none without it")
  Integer metricsPort;

  @Option(
      names = "--metrics-bind",
      defaultValue = "127.0.0.1",
      description = "the address the metrics endpoint listens on. Default: ${DEFAULT-VALUE}")
  String metricsBind;

  /** The address connected to, once {@link #workerFactory} has connected. */
  String address;

  /** The namespace connected to, once {@link #workerFactory} has connected. */
  String namespace;

  /** The metrics endpoint, once {@link #workerFactory} has started it; null without one. */
  MetricsEndpoint metrics;

  /** A worker factory on a client connected to Temporal; fails at once when it is unreachable. */
  WorkerFactory workerFactory() {
    ClientConfigProfile profile = flags.profile();
    address = profile.getAddress();
    namespace = profile.getNamespace();
    var options = TemporalConnection.stubsOptions(profile);
    if (metricsPort != null) {
      metrics = MetricsEndpoint.start(metricsBind, metricsPort);
      options.setMetricsScope(metrics.scope());
      System.out.println("metrics at http://" + metricsBind + ":" + metrics.port() + "/metrics");
    }
    return WorkerFactory.newInstance(
        TemporalConnection.client(
            TemporalConnection.connect(options.build(), TemporalConnection.CONNECT_TIMEOUT),
            namespace));
  }
}
