package org.umsrollout.activities.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The lab's connection to its H2 database. The SQL that only H2 understands is kept here, so the
 * rest of the lab reads as plain SQL. Auto-commit is off: {@link #inLock} makes the transactions.
 */
final class LabDb implements AutoCloseable {
  private static final long LOCK_TIMEOUT_MILLIS = 15_000;
  private static final String SCHEMA = "lab-schema.sql";

  private final String jdbcUrl;
  private final Connection connection;

  LabDb(String jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
    try {
      this.connection = DriverManager.getConnection(jdbcUrl, "sa", "");
      try (Statement st = connection.createStatement()) {
        st.execute("SET LOCK_TIMEOUT " + LOCK_TIMEOUT_MILLIS);
      }
      connection.setAutoCommit(false);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the lab database " + jdbcUrl, e);
    }
  }

  /** Drops every object in the database and creates the lab's tables empty. */
  void recreateSchema() {
    try (Statement st = connection.createStatement()) {
      st.execute("DROP ALL OBJECTS");
      for (String statement : schema()) {
        st.execute(statement);
      }
      connection.commit();
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("cannot create the lab in " + jdbcUrl, e);
    }
  }

  /**
   * Runs {@code work} in one transaction holding the lab's lock (the row of {@code lab_settings}).
   * Every process sharing the lab goes through it.
   */
  synchronized <T> T inLock(Supplier<T> work) {
    try {
      try (Statement st = connection.createStatement()) {
        st.executeQuery("SELECT id FROM lab_settings WHERE id = 1 FOR UPDATE").close();
      }
      T result = work.get();
      connection.commit();
      return result;
    } catch (FailedInLock e) {
      commit();
      throw e.failure;
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("lab database: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      rollback();
      throw e;
    }
  }

  /** Inserts the row, or updates the one with the same values in {@code keyColumns}. */
  void upsert(String table, String columns, String keyColumns, Object... values) {
    String placeholders = String.join(", ", Collections.nCopies(values.length, "?"));
    sql(
        "MERGE INTO "
            + table
            + " ("
            + columns
            + ") KEY ("
            + keyColumns
            + ") VALUES ("
            + placeholders
            + ")",
        values);
  }

  void commit() {
    try {
      connection.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("lab database: " + e.getMessage(), e);
    }
  }

  void sql(String statement, Object... args) {
    try (PreparedStatement ps = prepare(statement, args)) {
      ps.execute();
    } catch (SQLException e) {
      throw new IllegalStateException("lab database: " + e.getMessage(), e);
    }
  }

  /** The rows the query answers, each keyed by its column labels in upper case. */
  List<Map<String, Object>> rows(String query, Object... args) {
    try (PreparedStatement ps = prepare(query, args);
        ResultSet rs = ps.executeQuery()) {
      List<Map<String, Object>> rows = new ArrayList<>();
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= columns; i++) {
          row.put(rs.getMetaData().getColumnLabel(i).toUpperCase(), rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("lab database: " + e.getMessage(), e);
    }
  }

  /** The first row the query answers, or null. */
  Map<String, Object> row(String query, Object... args) {
    List<Map<String, Object>> rows = rows(query, args);
    return rows.isEmpty() ? null : rows.get(0);
  }

  String stringValue(String query, Object... args) {
    Map<String, Object> row = row(query, args);
    return row == null ? null : (String) row.values().iterator().next();
  }

  long longValue(String query, Object... args) {
    Map<String, Object> row = row(query, args);
    return ((Number) row.values().iterator().next()).longValue();
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void rollback() {
    try {
      connection.rollback();
    } catch (SQLException e) {
      // The original failure says more than this one.
    }
  }

  private PreparedStatement prepare(String statement, Object... args) throws SQLException {
    PreparedStatement ps = connection.prepareStatement(statement);
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
    return ps;
  }

  /** The statements of {@code lab-schema.sql}, which sits next to this class. */
  private static List<String> schema() {
    try (InputStream in = LabDb.class.getResourceAsStream(SCHEMA)) {
      if (in == null) {
        throw new IllegalStateException("no " + SCHEMA + " on the classpath");
      }
      String script =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .filter(line -> !line.strip().startsWith("--"))
              .collect(Collectors.joining("\n"));
      return Arrays.stream(script.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SCHEMA, e);
    }
  }

  /** A failure whose cause must be committed (a fault that counts down) before it is thrown. */
  static final class FailedInLock extends RuntimeException {
    final RuntimeException failure;

    FailedInLock(RuntimeException failure) {
      super(failure.getMessage(), null, false, false);
      this.failure = failure;
    }
  }
}
