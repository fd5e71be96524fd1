package org.noticecascade.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.noticecascade.NoticeCascadeApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * V7 indexes Camunda's own tables, which the engine creates as it starts. The application must come up with those
 * indexes on a fresh H2 and on a PostgreSQL that already holds the engine's tables and our earlier migrations (an
 * installation upgraded to V7); PostgresCascadeTest checks a fresh PostgreSQL.
 */
public class EngineIndexesTest {

  private static final String ADMIN_PASSWORD = "Index-Test-2026!";
  public static final List<String> V7_INDEXES = List.of("nc_idx_task_parent", "nc_idx_identitylink_group_task",
      "nc_idx_job_duedate", "nc_idx_job_lock_exp");
  /** V9: a user's own grants, read by every authorization check. */
  static final List<String> V9_INDEXES = List.of("nc_idx_auth_user");

  private static ConfigurableApplicationContext start(String url, String user, String password, String... extra) {
    SpringApplicationBuilder app = new SpringApplicationBuilder(NoticeCascadeApplication.class)
        .profiles("postgres")
        .properties("NC_DB_URL=" + url, "NC_DB_USER=" + user, "NC_DB_PASSWORD=" + password,
            "NC_ADMIN_PASSWORD=" + ADMIN_PASSWORD, "camunda.bpm.job-execution.enabled=false", "server.port=0");
    app.properties(extra);
    return app.run();
  }

  /** Index names on the engine's task, identity link, job and authorization tables, as the database reports them. */
  private static Set<String> engineIndexes(DataSource ds) throws SQLException {
    Set<String> names = new HashSet<>();
    try (Connection c = ds.getConnection()) {
      DatabaseMetaData meta = c.getMetaData();
      for (String table : new String[] {"ACT_RU_TASK", "ACT_RU_IDENTITYLINK", "ACT_RU_JOB", "ACT_RU_AUTHORIZATION"}) {
        // H2 keeps unquoted names in upper case, PostgreSQL in lower case
        for (String name : new String[] {table, table.toLowerCase()}) {
          try (ResultSet rs = meta.getIndexInfo(null, null, name, false, false)) {
            while (rs.next()) {
              if (rs.getString("INDEX_NAME") != null) {
                names.add(rs.getString("INDEX_NAME").toLowerCase());
              }
            }
          }
        }
      }
    }
    return names;
  }

  static void assertMigratedWithIndexes(ConfigurableApplicationContext app) throws SQLException {
    DataSource ds = app.getBean(DataSource.class);
    assertThat(engineIndexes(ds)).containsAll(V7_INDEXES).containsAll(V9_INDEXES);
    JdbcTemplate jdbc = new JdbcTemplate(ds);
    assertThat(jdbc.queryForList("select \"version\" from \"flyway_schema_history\" where \"success\"", String.class))
        .contains("1", "2", "5", "6", "7", "8", "9");
  }

  @Test
  void aFreshH2GetsTheEngineIndexes() throws Exception {
    try (ConfigurableApplicationContext app = start("jdbc:h2:mem:engineindexes;DB_CLOSE_DELAY=-1", "sa", "",
        "camunda.bpm.database.type=h2")) {
      assertMigratedWithIndexes(app);
    }
  }

  @Test
  void anUpgradedPostgresGetsTheEngineIndexes() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        s.execute("create database upgraded");
      }
      // an installation from before V7: the engine's tables and our migrations up to V6, without the indexes
      String upgraded = pg.getJdbcUrl("postgres", "upgraded");
      try (ConfigurableApplicationContext app = start(upgraded, "postgres", "postgres", "spring.flyway.target=6")) {
        assertThat(engineIndexes(app.getBean(DataSource.class)))
            .contains("act_idx_task_create")
            .doesNotContainAnyElementsOf(V7_INDEXES).doesNotContainAnyElementsOf(V9_INDEXES);
      }
      try (ConfigurableApplicationContext app = start(upgraded, "postgres", "postgres")) {
        assertMigratedWithIndexes(app);
      }
    }
  }
}
