package org.noticecascade.support;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the webapps are reached and set up: {@code notice-cascade.base-url} and {@code notice-cascade.tasklist-filters.*}.
 *
 * @param baseUrl where users reach the application, for links in notifications; its default is in application.yaml
 *     (it follows {@code server.port}), so a context without that file must set it
 * @param tasklistFilters the shared Tasklist filters
 */
@ConfigurationProperties("notice-cascade")
public record WebProperties(String baseUrl, @DefaultValue TasklistFilters tasklistFilters) {

  public WebProperties {
    if (baseUrl == null || baseUrl.isBlank()) {
      throw new IllegalArgumentException("notice-cascade.base-url is required (application.yaml sets it)");
    }
  }

  /** @param create whether to create 本单位待办 and 我的待办 at start-up when they do not exist yet */
  public record TasklistFilters(@DefaultValue("true") boolean create) {
  }
}
