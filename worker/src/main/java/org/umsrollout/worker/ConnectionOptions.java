package org.umsrollout.worker;

import io.temporal.worker.WorkerFactory;
import org.umsrollout.client.TemporalConnection;
import picocli.CommandLine.Option;

/** Where a worker process finds Temporal; a mixin of every command that runs workers. */
final class ConnectionOptions {
  @Option(names = "--address", defaultValue = "localhost:7233", description = "Temporal frontend")
  String address;

  @Option(names = "--namespace", defaultValue = "default")
  String namespace;

  /** A worker factory on a client connected to Temporal; fails at once when it is unreachable. */
  WorkerFactory workerFactory() {
    return WorkerFactory.newInstance(
        TemporalConnection.client(TemporalConnection.connect(address), namespace));
  }
}
