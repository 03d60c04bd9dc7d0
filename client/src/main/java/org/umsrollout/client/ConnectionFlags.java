package org.umsrollout.client;

/**
 * What a command line says about reaching Temporal, named as the {@code temporal} CLI names its
 * flags; null where it says nothing, so that the profile and the environment decide.
 *
 * @param profile the profile of the configuration file ({@code TEMPORAL_PROFILE}, else "default")
 * @param configFile the configuration file ({@code TEMPORAL_CONFIG_FILE}, else the OS default:
 *     {@code ~/.config/temporalio/temporal.toml} on Linux)
 * @param tls true or false to switch TLS on or off; null leaves it to the other settings (any TLS
 *     setting or an API key switches it on)
 */
public record ConnectionFlags(
    String address,
    String namespace,
    String profile,
    String configFile,
    String apiKey,
    Boolean tls,
    String tlsCaPath,
    String tlsCertPath,
    String tlsKeyPath,
    String tlsServerName,
    Boolean tlsDisableHostVerification) {

  /** No flag given: the profile and the environment decide everything. */
  public static final ConnectionFlags NONE =
      new ConnectionFlags(null, null, null, null, null, null, null, null, null, null, null);

  /** Only an address and a namespace, as a process that knows where its server is gives them. */
  public static ConnectionFlags of(String address, String namespace) {
    return new ConnectionFlags(
        address, namespace, null, null, null, null, null, null, null, null, null);
  }

  /** These flags with TLS on, trusting the system's CAs. */
  public ConnectionFlags withTls() {
    return new ConnectionFlags(
        address,
        namespace,
        profile,
        configFile,
        apiKey,
        Boolean.TRUE,
        tlsCaPath,
        tlsCertPath,
        tlsKeyPath,
        tlsServerName,
        tlsDisableHostVerification);
  }

  /** These flags with the server's certificate checked against {@code caPath} (PEM). */
  public ConnectionFlags withTlsCa(String caPath) {
    return new ConnectionFlags(
        address,
        namespace,
        profile,
        configFile,
        apiKey,
        tls,
        caPath,
        tlsCertPath,
        tlsKeyPath,
        tlsServerName,
        tlsDisableHostVerification);
  }

  boolean touchesTls() {
    return tls != null
        || tlsCaPath != null
        || tlsCertPath != null
        || tlsKeyPath != null
        || tlsServerName != null
        || tlsDisableHostVerification != null;
  }
}
