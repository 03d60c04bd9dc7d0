package org.umsrollout.worker;

import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.worker.WorkerFactory;
import org.umsrollout.client.TemporalConnection;
import org.umsrollout.client.TemporalOptions;
import picocli.CommandLine.Mixin;

/**
 * Where a worker process finds Temporal: the {@code temporal} CLI's flags over Temporal's client
 * configuration (profile file, {@code TEMPORAL_*} variables), so that a Temporal Cloud namespace or
 * an mTLS cluster needs no change of code. A mixin of every command that runs workers.
 */
final class ConnectionOptions {
  @Mixin TemporalOptions flags;

  /** The address connected to, once {@link #workerFactory} has connected. */
  String address;

  /** The namespace connected to, once {@link #workerFactory} has connected. */
  String namespace;

  /** A worker factory on a client connected to Temporal; fails at once when it is unreachable. */
  WorkerFactory workerFactory() {
    ClientConfigProfile profile = flags.profile();
    address = profile.getAddress();
    namespace = profile.getNamespace();
    return WorkerFactory.newInstance(
        TemporalConnection.client(TemporalConnection.connect(profile), namespace));
  }
}
