package org.umsrollout.worker;

import io.temporal.envconfig.ClientConfigProfile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.umsrollout.client.TemporalConnection;
import org.umsrollout.client.TemporalOptions;
import org.umsrollout.worker.http.Dashboard;
import org.umsrollout.worker.http.Identity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The dashboard and its JSON API, reading and steering rollouts through Temporal. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Serves the dashboard (rollout list, one rollout, gate decisions) and its JSON API.")
final class ServeCommand implements Callable<Integer> {
  @Mixin TemporalOptions temporal;

  @Option(names = "--port", defaultValue = "8080", description = "Default: ${DEFAULT-VALUE}")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description =
          "the address to listen on. Default: ${DEFAULT-VALUE} (loopback: only this machine)")
  String bind;

  @Option(
      names = "--trusted-header",
      description =
          "take the operator from this header, as a reverse proxy in front sets it (oauth2-proxy:"
              + " X-Forwarded-User); only safe when nothing but the proxy reaches the server")
  String trustedHeader;

  @Option(
      names = "--tokens",
      description = "a file of bearer tokens, one 'token operator' a line (tokens >= 16 chars)")
  Path tokens;

  @Override
  public Integer call() throws InterruptedException {
    ClientConfigProfile profile = temporal.profile();
    var client =
        TemporalConnection.client(TemporalConnection.connect(profile), profile.getNamespace());
    boolean loopback = Dashboard.isLoopback(bind);
    Identity identity = Identity.configured(trustedHeader, tokens, loopback);
    CountDownLatch stopped = new CountDownLatch(1);
    try (Dashboard dashboard = Dashboard.start(client, identity, bind, port)) {
      System.out.println(
          "dashboard at http://"
              + bind
              + ":"
              + dashboard.port()
              + "/ ("
              + identity.describe()
              + ")");
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      stopped.await();
    }
    return 0;
  }
}
