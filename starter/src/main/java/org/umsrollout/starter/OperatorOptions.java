package org.umsrollout.starter;

import picocli.CommandLine.Option;

/** Who asks, and why: kept in the rollout's timeline and history. */
final class OperatorOptions {

  @Option(
      names = "--by",
      defaultValue = "${sys:user.name}",
      description = "Who asks (default: ${DEFAULT-VALUE}).")
  String by;

  @Option(names = "--reason", description = "Why; kept in the rollout's timeline.")
  String reason;
}
