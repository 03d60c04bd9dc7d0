package org.umsrollout.activities.central;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a {@code jdbc:postgresql:} URL that the PostgreSQL tools take as options: hosts and
 * ports (libpq takes comma-separated lists, as pgJDBC does), the database, and the properties.
 */
record PostgresUrl(
    List<String> hosts, List<String> ports, String database, Map<String, String> properties) {
  private static final String PREFIX = "jdbc:postgresql:";
  private static final String DEFAULT_PORT = "5432";

  PostgresUrl {
    hosts = List.copyOf(hosts);
    ports = List.copyOf(ports);
    properties = Map.copyOf(properties);
  }

  static PostgresUrl parse(String jdbcUrl) {
    if (jdbcUrl == null || !jdbcUrl.startsWith(PREFIX)) {
      throw new IllegalArgumentException(
          "database.jdbcUrl " + jdbcUrl + " is not a PostgreSQL JDBC URL (jdbc:postgresql://...)");
    }
    String rest = jdbcUrl.substring(PREFIX.length());
    Map<String, String> properties = new LinkedHashMap<>();
    int query = rest.indexOf('?');
    if (query >= 0) {
      for (String pair : rest.substring(query + 1).split("&")) {
        if (!pair.isEmpty()) {
          int eq = pair.indexOf('=');
          properties.put(
              decode(eq < 0 ? pair : pair.substring(0, eq)),
              eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
      }
      rest = rest.substring(0, query);
    }
    List<String> hosts = new ArrayList<>();
    List<String> ports = new ArrayList<>();
    String database;
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      String authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
      database = slash < 0 ? "" : decode(rest.substring(slash + 1));
      for (String hostPort : authority.split(",")) {
        addHost(hostPort, hosts, ports, jdbcUrl);
      }
    } else {
      hosts.add("localhost");
      ports.add(DEFAULT_PORT);
      database = decode(rest);
    }
    if (database.isEmpty()) {
      throw new IllegalArgumentException("database.jdbcUrl " + jdbcUrl + " names no database");
    }
    return new PostgresUrl(hosts, ports, database, properties);
  }

  /** {@code host:port} for each host, as messages name the server. */
  String endpoints() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < hosts.size(); i++) {
      String host = hosts.get(i).contains(":") ? "[" + hosts.get(i) + "]" : hosts.get(i);
      s.append(i == 0 ? "" : ",").append(host).append(':').append(ports.get(i));
    }
    return s.toString();
  }

  private static void addHost(
      String hostPort, List<String> hosts, List<String> ports, String jdbcUrl) {
    String host = hostPort;
    String port = DEFAULT_PORT;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("database.jdbcUrl " + jdbcUrl + ": unclosed [ in host");
      }
      host = hostPort.substring(1, close);
      if (hostPort.length() > close + 1 && hostPort.charAt(close + 1) == ':') {
        port = hostPort.substring(close + 2);
      }
    } else if (hostPort.contains(":")) {
      host = hostPort.substring(0, hostPort.indexOf(':'));
      port = hostPort.substring(hostPort.indexOf(':') + 1);
    }
    if (host.isEmpty()) {
      host = "localhost";
    }
    if (!port.matches("\\d{1,5}")) {
      throw new IllegalArgumentException(
          "database.jdbcUrl " + jdbcUrl + ": port '" + port + "' is not a number");
    }
    hosts.add(host);
    ports.add(port);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
