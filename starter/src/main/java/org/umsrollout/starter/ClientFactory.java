package org.umsrollout.starter;

import io.temporal.client.WorkflowClient;
import io.temporal.envconfig.ClientConfigProfile;

/** Opens a client to the Temporal service; tests hand in one of an in-memory test service. */
@FunctionalInterface
public interface ClientFactory {

  /**
   * A client to the service of {@code profile}, whose address and namespace are always set.
   *
   * @throws CliException with {@link ExitCodes#UNREACHABLE} when the service does not answer
   */
  WorkflowClient connect(ClientConfigProfile profile);

  /** Releases what {@link #connect} opened; a client the factory does not own stays open. */
  default void release(WorkflowClient client) {}
}
