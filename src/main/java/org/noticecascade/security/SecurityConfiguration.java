package org.noticecascade.security;

import jakarta.servlet.Filter;
import org.camunda.bpm.engine.IdentityService;
import org.noticecascade.orgdirectory.Accounts;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Nothing answers an anonymous caller but the webapps' login page and the health status (probes). */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  private static final int ENGINE_REST_AUTHENTICATION_ORDER = 100;

  @Bean
  FilterRegistrationBean<Filter> apiAuthentication(IdentityService identity, LoginThrottle throttle) {
    FilterRegistrationBean<Filter> registration =
        new FilterRegistrationBean<>(new ApiAuthenticationFilter(identity, throttle));
    registration.addUrlPatterns("/api/*");
    registration.setName("noticeCascadeApiAuthentication");
    registration.setOrder(ENGINE_REST_AUTHENTICATION_ORDER);
    return registration;
  }

  /** /actuator/**: metrics for administrators and the monitoring group; health status for anyone. */
  @Bean
  FilterRegistrationBean<Filter> actuatorAuthentication(IdentityService identity, LoginThrottle throttle) {
    FilterRegistrationBean<Filter> registration =
        new FilterRegistrationBean<>(new ActuatorAuthenticationFilter(identity, throttle));
    registration.addUrlPatterns("/actuator/*");
    registration.setName("noticeCascadeActuatorAuthentication");
    return registration;
  }

  /** Camunda's own filter for its REST API: HTTP Basic against the identity service, through the login throttle. */
  @Bean
  FilterRegistrationBean<Filter> engineRestAuthentication(LoginThrottle throttle) {
    FilterRegistrationBean<Filter> registration =
        new FilterRegistrationBean<>(new EngineRestAuthenticationFilter(throttle));
    registration.addUrlPatterns("/engine-rest/*");
    registration.setName("camundaEngineRestAuthentication");
    registration.setOrder(ENGINE_REST_AUTHENTICATION_ORDER);
    return registration;
  }

  /** After the authentication above: the engine's REST API is closed to all but what clerks and leaders need. */
  @Bean
  FilterRegistrationBean<Filter> engineRestGate(IdentityService identity, VisibleUsers visibleUsers) {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new EngineRestGate(identity, visibleUsers));
    registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
    registration.setName("noticeCascadeEngineRestGate");
    registration.setOrder(ENGINE_REST_AUTHENTICATION_ORDER + 2);
    return registration;
  }

  /**
   * Right after authentication, before the gate: a person with a one-time password may do nothing but change it,
   * a deactivated one nothing at all (the user comes from the filters above, or the webapps' session).
   */
  @Bean
  FilterRegistrationBean<Filter> accountState(IdentityService identity, Accounts accounts) {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new AccountStateFilter(identity, accounts));
    registration.addUrlPatterns("/api/*", "/engine-rest/*", "/camunda/*", "/progress", "/progress/*");
    registration.setName("noticeCascadeAccountState");
    registration.setOrder(ENGINE_REST_AUTHENTICATION_ORDER + 1);
    return registration;
  }
}
