package org.noticecascade.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.noticecascade.testing.EngineTestContext;
import org.noticecascade.web.ApiUsers;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

/** The test org tree and a test's own units, imported through the API once per database. */
final class ApiOrg {

  private ApiOrg() {
  }

  static void importOnce(TestRestTemplate anonymous, ProcessEngine engine, JdbcTemplate jdbc, String moreUnits) {
    if (jdbc.queryForObject("select count(*) from unit where code = 'tprov'", Integer.class) > 0) {
      return;
    }
    TestRestTemplate admin = ApiUsers.admin(anonymous, engine);
    HttpHeaders h = new HttpHeaders();
    h.setContentType(MediaType.parseMediaType("text/csv"));
    for (String csv : List.of(EngineTestContext.ORG_CSV, moreUnits)) {
      assertThat(admin.postForEntity("/api/units/import", new HttpEntity<>(csv.getBytes(StandardCharsets.UTF_8), h),
          String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }
  }
}
