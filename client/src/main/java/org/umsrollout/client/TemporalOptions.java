package org.umsrollout.client;

import io.temporal.envconfig.ClientConfigProfile;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The flags of every process that connects to Temporal, named as the {@code temporal} CLI names
 * them; each one given wins over Temporal's client configuration (profile file, {@code TEMPORAL_*}
 * variables). A picocli mixin; its options are inherited by subcommands.
 */
public final class TemporalOptions {

  @Option(
      names = "--address",
      scope = ScopeType.INHERIT,
      paramLabel = "HOST:PORT",
      description =
          "Temporal frontend (default: TEMPORAL_ADDRESS, else the profile's, else "
              + TemporalConnection.DEFAULT_ADDRESS
              + ").")
  String address;

  @Option(
      names = "--namespace",
      scope = ScopeType.INHERIT,
      description =
          "Temporal namespace (default: TEMPORAL_NAMESPACE, else the profile's, else "
              + TemporalConnection.DEFAULT_NAMESPACE
              + ").")
  String namespace;

  @Option(
      names = "--profile",
      scope = ScopeType.INHERIT,
      description =
          "Profile of Temporal's client configuration file (default: TEMPORAL_PROFILE, else"
              + " default), as the temporal CLI reads it.")
  String profile;

  @Option(
      names = "--config-file",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description =
          "Temporal's client configuration file (default: TEMPORAL_CONFIG_FILE, else"
              + " ~/.config/temporalio/temporal.toml).")
  String configFile;

  @Option(
      names = "--api-key",
      scope = ScopeType.INHERIT,
      description = "API key, e.g. for Temporal Cloud; switches TLS on (better: TEMPORAL_API_KEY).")
  String apiKey;

  @Option(
      names = "--tls",
      scope = ScopeType.INHERIT,
      arity = "0..1",
      paramLabel = "BOOLEAN",
      description =
          "Connect with TLS (on by itself with any other TLS option or an API key; --tls=false"
              + " switches it off).")
  Boolean tls;

  @Option(
      names = "--tls-ca-path",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "CA certificate (PEM) the server's certificate must chain to.")
  String tlsCaPath;

  @Option(
      names = "--tls-cert-path",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "Client certificate (PEM) for mTLS.")
  String tlsCertPath;

  @Option(
      names = "--tls-key-path",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "Client private key (PEM, PKCS#8) for mTLS.")
  String tlsKeyPath;

  @Option(
      names = "--tls-server-name",
      scope = ScopeType.INHERIT,
      description = "Server name to expect in the server's certificate.")
  String tlsServerName;

  @Option(
      names = "--tls-disable-host-verification",
      scope = ScopeType.INHERIT,
      arity = "0..1",
      paramLabel = "BOOLEAN",
      description = "Accept any server certificate (tests only).")
  Boolean tlsDisableHostVerification;

  /** What the command line said; null where it said nothing. */
  public ConnectionFlags flags() {
    return new ConnectionFlags(
        address,
        namespace,
        profile,
        configFile,
        apiKey,
        tls,
        tlsCaPath,
        tlsCertPath,
        tlsKeyPath,
        tlsServerName,
        tlsDisableHostVerification);
  }

  /**
   * The flags over this process's environment and Temporal's client configuration.
   *
   * @throws IllegalArgumentException when the configuration cannot be read or has no such profile
   */
  public ClientConfigProfile profile() {
    return profile(System.getenv());
  }

  /** The flags over {@code env} and the configuration file it names. */
  public ClientConfigProfile profile(Map<String, String> env) {
    return TemporalConnection.profile(flags(), env);
  }
}
