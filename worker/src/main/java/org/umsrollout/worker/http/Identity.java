package org.umsrollout.worker.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who sends a request, as the dashboard records it on a decision: never a name typed into a form.
 * In this order: the trusted header a reverse proxy sets (only when one is configured; the
 * oauth2-proxy convention is {@code X-Forwarded-User}), a bearer token of an operator, and, only
 * when neither is configured and the server listens on loopback alone, the operating-system user
 * that runs the server (whoever can reach a loopback port is on this machine; the CLI's default
 * {@code --by} is that user too). A request without an identity reads, and changes nothing.
 *
 * @param trustedHeader the header a reverse proxy sets to the authenticated user, or null
 * @param tokens bearer token to operator name
 * @param localOperator the identity of every request when nothing else is configured, or null
 */
public record Identity(String trustedHeader, Map<String, String> tokens, String localOperator) {

  public Identity {
    tokens = Map.copyOf(tokens);
  }

  /** Nobody is anybody: every change is refused. */
  public static Identity none() {
    return new Identity(null, Map.of(), null);
  }

  /**
   * The identity of a server: the configured header and tokens; with neither, the OS user when the
   * server listens on loopback only, else no one.
   */
  public static Identity configured(String trustedHeader, Path tokensFile, boolean loopback) {
    Map<String, String> tokens = tokensFile == null ? Map.of() : readTokens(tokensFile);
    String header = trustedHeader == null || trustedHeader.isBlank() ? null : trustedHeader;
    String local =
        header == null && tokens.isEmpty() && loopback ? System.getProperty("user.name") : null;
    return new Identity(header, tokens, local);
  }

  /**
   * A tokens file: one {@code token operator} a line (whitespace between), {@code #} comments. A
   * token shorter than 16 characters is refused, as a guessable one would be.
   */
  static Map<String, String> readTokens(Path file) {
    Map<String, String> tokens = new HashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        String[] parts = trimmed.split("\\s+", 2);
        if (parts.length != 2 || parts[0].length() < 16) {
          throw new IllegalArgumentException(
              file + ": each line is a token of at least 16 characters and an operator name");
        }
        tokens.put(parts[0], parts[1].strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokens file " + file, e);
    }
    return tokens;
  }

  /** The authenticated operator of {@code ctx}, if any. */
  public Optional<String> operator(Context ctx) {
    if (trustedHeader != null) {
      String user = ctx.header(trustedHeader);
      if (user != null && !user.isBlank()) {
        return Optional.of(user.strip());
      }
    }
    String authorization = ctx.header("Authorization");
    if (authorization != null && authorization.startsWith("Bearer ")) {
      String operator = tokens.get(authorization.substring("Bearer ".length()).strip());
      if (operator != null) {
        return Optional.of(operator);
      }
    }
    return Optional.ofNullable(localOperator);
  }

  /** How this server knows its users, for the log line at start. */
  public String describe() {
    if (localOperator != null) {
      return "every request is the local user " + localOperator + " (loopback only)";
    }
    if (trustedHeader == null && tokens.isEmpty()) {
      return "no identity configured: read-only";
    }
    return (trustedHeader != null ? "trusted header " + trustedHeader : "")
        + (trustedHeader != null && !tokens.isEmpty() ? ", " : "")
        + (tokens.isEmpty() ? "" : tokens.size() + " bearer token(s)");
  }
}
