package org.umsrollout.workflows.rollout;

/** Where the rollout holds for an operator's answer: at the server clocks (P5) or at one host. */
record Hold(Kind kind, String host) {
  enum Kind {
    CLOCKS,
    HOST
  }

  static Hold clocks() {
    return new Hold(Kind.CLOCKS, null);
  }

  static Hold at(String host) {
    return new Hold(Kind.HOST, host);
  }

  /** The name the status and the operator use: {@code clocks} or the host. */
  String label() {
    return kind == Kind.CLOCKS ? "clocks" : host;
  }
}
