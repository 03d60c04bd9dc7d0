package org.umsrollout.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS front for a plain gRPC server on loopback, as a TLS-enabled Temporal frontend looks to a
 * client: it offers HTTP/2 by ALPN, may require a client certificate signed by the test CA (mTLS),
 * and passes the decrypted bytes on. It records who connected.
 */
final class TlsProxy implements AutoCloseable {
  private final SSLServerSocket server;
  private final int backendPort;
  private final List<String> clients = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  TlsProxy(int backendPort, boolean requireClientCertificate) throws Exception {
    this.backendPort = backendPort;
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keyManagers(), trustManagers(), null);
    server =
        (SSLServerSocket)
            tls.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    SSLParameters parameters = server.getSSLParameters();
    parameters.setApplicationProtocols(new String[] {"h2"});
    parameters.setNeedClientAuth(requireClientCertificate);
    server.setSSLParameters(parameters);
    Thread acceptor = new Thread(this::accept, "tls-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** The subjects of the client certificates of the connections that completed a handshake. */
  List<String> clients() {
    return clients;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        SSLSocket client = (SSLSocket) server.accept();
        sockets.add(client);
        Thread handshake =
            new Thread(
                () -> {
                  try {
                    client.startHandshake();
                    if (server.getNeedClientAuth()) {
                      clients.add(client.getSession().getPeerPrincipal().getName());
                    } else {
                      clients.add("anonymous");
                    }
                    Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort);
                    sockets.add(backend);
                    pump(client.getInputStream(), backend.getOutputStream());
                    pump(backend.getInputStream(), client.getOutputStream());
                  } catch (IOException e) {
                    close(client);
                  }
                },
                "tls-proxy-handshake");
        handshake.setDaemon(true);
        handshake.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(InputStream in, OutputStream out) {
    Thread thread =
        new Thread(
            () -> {
              try {
                in.transferTo(out);
              } catch (IOException e) {
                // The other side closed.
              }
            },
            "tls-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing anyway.
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    sockets.forEach(TlsProxy::close);
  }

  private static javax.net.ssl.KeyManager[] keyManagers() throws Exception {
    String pem = Files.readString(Path.of(TemporalConnectionTest.tls("server.key")));
    byte[] der =
        Base64.getMimeDecoder()
            .decode(
                pem.replace("-----BEGIN PRIVATE KEY-----", "")
                    .replace("-----END PRIVATE KEY-----", ""));
    PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "server",
        key,
        new char[0],
        new Certificate[] {certificate("server.pem"), certificate("ca.pem")});
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, new char[0]);
    return factory.getKeyManagers();
  }

  private static javax.net.ssl.TrustManager[] trustManagers() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("ca", certificate("ca.pem"));
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers();
  }

  private static Certificate certificate(String name) throws Exception {
    try (InputStream in = Files.newInputStream(Path.of(TemporalConnectionTest.tls(name)))) {
      return CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
