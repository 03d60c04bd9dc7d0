package org.umsrollout.activities.central;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The JDBC URL of the productive database, taken apart for pg_dump's options (P3). */
class PostgresUrlTest {

  @Test
  void hostPortAndDatabase_P3() {
    PostgresUrl url =
        PostgresUrl.parse("jdbc:postgresql://db.example.com:5433/rmdb?sslmode=require");

    assertThat(url.hosts()).containsExactly("db.example.com");
    assertThat(url.ports()).containsExactly("5433");
    assertThat(url.database()).isEqualTo("rmdb");
    assertThat(url.properties()).containsEntry("sslmode", "require");
  }

  @Test
  void defaultsLikePgJdbc_P3() {
    PostgresUrl bare = PostgresUrl.parse("jdbc:postgresql:rmdb");
    PostgresUrl noPort = PostgresUrl.parse("jdbc:postgresql://db/rmdb");

    assertThat(bare.hosts()).containsExactly("localhost");
    assertThat(bare.ports()).containsExactly("5432");
    assertThat(bare.database()).isEqualTo("rmdb");
    assertThat(noPort.ports()).containsExactly("5432");
  }

  @Test
  void severalHostsAndIpv6_P3() {
    PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://db1:5432,[::1]:5433,db3/ums%20db");

    assertThat(url.hosts()).isEqualTo(List.of("db1", "::1", "db3"));
    assertThat(url.ports()).isEqualTo(List.of("5432", "5433", "5432"));
    assertThat(url.database()).isEqualTo("ums db");
    assertThat(url.endpoints()).isEqualTo("db1:5432,[::1]:5433,db3:5432");
  }

  @Test
  void refusesOtherUrlsNamingTheField_P3() {
    assertThatThrownBy(() -> PostgresUrl.parse("jdbc:sqlserver://db:1433"))
        .hasMessageContaining("database.jdbcUrl")
        .hasMessageContaining("is not a PostgreSQL JDBC URL");
    assertThatThrownBy(() -> PostgresUrl.parse("jdbc:postgresql://db:5432/"))
        .hasMessageContaining("names no database");
    assertThatThrownBy(() -> PostgresUrl.parse("jdbc:postgresql://db:x/rmdb"))
        .hasMessageContaining("port 'x' is not a number");
  }
}
