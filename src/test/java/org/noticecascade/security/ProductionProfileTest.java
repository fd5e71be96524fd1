package org.noticecascade.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.noticecascade.NoticeCascadeApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The production profile refuses to start without a first administrator's password, or with a weak one. Each start
 * is the application as an operator runs it, with a database of its own, in this JVM (on H2 here;
 * PostgresCascadeTest runs the same profile on PostgreSQL and checks the administrator it creates and that no demo
 * user exists). The webapps stay off: their filters keep the first application context in static state, so a second
 * start that fails in the same JVM would fail in Tomcat instead of at the password; the refusal comes before any
 * request is served either way.
 */
class ProductionProfileTest {

  /** Why the production profile refused to start; fails the test if it started. */
  private static String refusal(String db, String... extra) {
    String[] args = new String[extra.length + 1];
    args[0] = "--NC_DB_URL=jdbc:h2:mem:" + db;
    System.arraycopy(extra, 0, args, 1, extra.length);
    Throwable refused = catchThrowable(() -> new SpringApplicationBuilder(NoticeCascadeApplication.class)
        .profiles("postgres")
        .properties("NC_DB_USER=sa", "NC_DB_PASSWORD=", "camunda.bpm.database.type=h2",
            "camunda.bpm.job-execution.enabled=false", "camunda.bpm.webapp.enabled=false", "server.port=0")
        .run(args).close());
    assertThat(refused).as("the production profile started").isNotNull();
    StringBuilder causes = new StringBuilder();
    for (Throwable c = refused; c != null; c = c.getCause()) {
      causes.append(c.getMessage()).append('\n');
    }
    return causes.toString();
  }

  @Test
  void refusesToStartWithoutAnAdministratorPassword() {
    assertThat(refusal("prodnopass")).contains("NC_ADMIN_PASSWORD");
  }

  @Test
  void refusesAWeakAdministratorPassword() {
    assertThat(refusal("prodweak", "--NC_ADMIN_PASSWORD=demo")).contains("Password does not match policy");
  }
}
