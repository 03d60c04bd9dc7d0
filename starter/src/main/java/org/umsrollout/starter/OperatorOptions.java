package org.umsrollout.starter;

import picocli.CommandLine.Option;

/** Who asks or decides, and why: kept in the rollout's timeline and history. */
final class OperatorOptions {

  @Option(
      names = "--by",
      defaultValue = "${sys:user.name}",
      description = "Who asks or decides (default: ${DEFAULT-VALUE}).")
  String by;

  @Option(
      names = "--comment",
      description = "Why; kept in the rollout's timeline and history (--reason is the same).")
  String comment;

  /**
   * The name some commands gave {@code --comment} before; kept so that what worked still works, and
   * left out of the help so that the help names one option for one meaning.
   */
  @Option(names = "--reason", hidden = true)
  void reason(String reason) {
    this.comment = reason;
  }
}
