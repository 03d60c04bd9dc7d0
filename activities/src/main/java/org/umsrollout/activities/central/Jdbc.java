package org.umsrollout.activities.central;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.function.Function;
import org.umsrollout.workflows.model.DatabaseSpec;

/** Opens the productive database of an inventory. The password comes from the environment. */
final class Jdbc {
  private Jdbc() {}

  static Connection open(DatabaseSpec spec, Function<String, String> environment)
      throws SQLException {
    String password = "";
    if (spec.passwordEnv() != null) {
      String value = environment.apply(spec.passwordEnv());
      if (value == null) {
        throw new SQLException(
            "environment variable " + spec.passwordEnv() + " (the database password) is not set");
      }
      password = value;
    }
    String user = spec.user() == null ? "sa" : spec.user();
    return DriverManager.getConnection(spec.jdbcUrl(), user, password);
  }
}
