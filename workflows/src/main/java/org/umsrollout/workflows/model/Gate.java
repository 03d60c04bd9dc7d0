package org.umsrollout.workflows.model;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The points where a rollout can wait for an operator's approval. */
public enum Gate {
  /** Deleting orphaned Network list entries is destructive (P2): always needs approval. */
  REMOVE_ORPHANS("remove-orphans", "delete orphaned entries from the UMS Network list (P2)"),
  /** The version was not verified on the test installation first (T1). */
  UNTESTED_VERSION(
      "untested-version",
      "roll out a version that has not completed on this network's test installation (T1)"),
  /** The point of no return (S6): after the first server is installed only going on helps. */
  FIRST_SERVER(
      "first-server",
      "install the first server: the point of no return, after which the network is whole"
          + " again only when every server is updated (S6)"),
  /** Before the load balancers and consoles are updated (C1). */
  LOAD_BALANCERS("load-balancers", "update the load balancers, then the consoles (C1)"),
  /** A server stayed on its local copy after the schema renewal: end its update mode (V3). */
  END_UPDATE_MODE(
      "end-update-mode",
      "end update mode on servers that did not reconnect to the productive database (S5, V3)");

  private final String id;
  private final String description;

  Gate(String id, String description) {
    this.id = id;
    this.description = description;
  }

  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  /** Whether the rollout waits at this gate before the point of no return (S6). */
  public boolean beforePointOfNoReturn() {
    return this == REMOVE_ORPHANS || this == UNTESTED_VERSION || this == FIRST_SERVER;
  }

  /** Whether a policy may switch this gate's approval off. */
  public boolean optional() {
    return this != REMOVE_ORPHANS;
  }

  public static Optional<Gate> byId(String id) {
    return Arrays.stream(values()).filter(g -> g.id.equals(id)).findFirst();
  }

  public static String knownIds() {
    return Arrays.stream(values()).map(Gate::id).collect(Collectors.joining(", "));
  }
}
