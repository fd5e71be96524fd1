package org.noticecascade.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole application on an in-memory H2 database, with the job executor off so that each test drives the steps,
 * started once for every test class so annotated: Spring reuses a test context only for the same configuration, so a
 * database URL per class would start the application once per class. For tests that need no database of their own:
 * each keeps to its own 文号 and users, and assumes nothing about what else the database holds (the test org of
 * {@link EngineTestContext#ORG_CSV}, for one, may have gained other tests' units).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=test",
    "spring.datasource.url=jdbc:h2:mem:shared;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false"})
public @interface SharedApplication {
}
