package org.umsrollout.starter;

import io.temporal.client.WorkflowClient;

/** Opens a client to the Temporal service; tests hand in one of an in-memory test service. */
@FunctionalInterface
public interface ClientFactory {

  WorkflowClient connect(String address, String namespace);

  /** Releases what {@link #connect} opened; a client the factory does not own stays open. */
  default void release(WorkflowClient client) {}
}
