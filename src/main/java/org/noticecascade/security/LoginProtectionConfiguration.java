package org.noticecascade.security;

import jakarta.servlet.Filter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.noticecascade.support.EngineClock;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The login throttle in front of every password check, and the same-origin check in front of every change. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({LoginProtectionConfiguration.LoginProperties.class,
    LoginProtectionConfiguration.OriginProperties.class})
class LoginProtectionConfiguration {

  /** {@code notice-cascade.login.*}: so many wrong passwords within the window lock a (user, address) pair. */
  @ConfigurationProperties("notice-cascade.login")
  record LoginProperties(@DefaultValue("5") int maxFailures, @DefaultValue("15m") Duration window,
                         @DefaultValue("15m") Duration lockDuration) {
  }

  /** {@code notice-cascade.security.allowed-origins}: other sites' pages that may change data through our APIs. */
  @ConfigurationProperties("notice-cascade.security")
  record OriginProperties(@DefaultValue List<String> allowedOrigins) {
  }

  /**
   * The engine's clock, which Camunda's own delay after a wrong password reads too: a test that moves the
   * engine's time moves both.
   */
  private static final class EngineTime extends Clock {

    @Override
    public ZoneId getZone() {
      return EngineClock.zone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return Clock.fixed(instant(), zone);
    }

    @Override
    public Instant instant() {
      return ClockUtil.getCurrentTime().toInstant();
    }
  }

  @Bean
  LoginThrottle loginThrottle(LoginProperties login) {
    return new LoginThrottle(new EngineTime(), login.maxFailures(), login.window(), login.lockDuration());
  }

  /** Before the authentication filters, so a refused request never reaches a password check. */
  @Bean
  FilterRegistrationBean<Filter> sameOrigin(OriginProperties origins) {
    FilterRegistrationBean<Filter> registration =
        new FilterRegistrationBean<>(new SameOriginFilter(origins.allowedOrigins()));
    registration.addUrlPatterns("/api/*", "/engine-rest/*");
    registration.setName("noticeCascadeSameOrigin");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  @Bean
  FilterRegistrationBean<Filter> webappLoginThrottle(LoginThrottle throttle, CamundaBpmProperties camunda) {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new WebappLoginThrottleFilter(throttle));
    registration.addUrlPatterns(camunda.getWebapp().getApplicationPath() + "/api/admin/auth/user/*");
    registration.setName("noticeCascadeWebappLoginThrottle");
    return registration;
  }
}
