package org.umsrollout.starter;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of {@code umsrollout} with its exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {

  static CliRun execute(ClientFactory factory, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    UmsRolloutCli cli = new UmsRolloutCli(factory);
    CommandLine commandLine = UmsRolloutCli.commandLine(cli);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code;
    try {
      code = commandLine.execute(args);
    } finally {
      cli.close();
    }
    return new CliRun(code, out.toString(), err.toString());
  }
}
