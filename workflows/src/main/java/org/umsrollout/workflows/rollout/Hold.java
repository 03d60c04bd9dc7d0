package org.umsrollout.workflows.rollout;

/**
 * Where the rollout holds for an operator's answer: at the server clocks (P5), at one host's
 * install (retry or skip it), or at a step that failed past the point of no return (retry it).
 */
record Hold(Kind kind, String label) {
  enum Kind {
    CLOCKS,
    HOST,
    STEP
  }

  static Hold clocks() {
    return new Hold(Kind.CLOCKS, "clocks");
  }

  /** An install, or the S1 check before it, at this host. */
  static Hold at(String host) {
    return new Hold(Kind.HOST, host);
  }

  /** A read or change that failed past the point of no return, named as the status shows it. */
  static Hold step(String label) {
    return new Hold(Kind.STEP, label);
  }
}
