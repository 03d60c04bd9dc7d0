package org.umsrollout.workflows.rollout;

/** An operator's answer to a hold. */
enum HoldAnswer {
  /** Try the held step again: the install on the host. */
  RETRY,
  /** Go on without the held host. */
  SKIP,
  /** Read the server clocks again (P5). */
  RECHECK;

  /** The word the timeline and the answer use. */
  String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
