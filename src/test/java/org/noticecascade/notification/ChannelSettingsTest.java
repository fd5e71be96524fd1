package org.noticecascade.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.env.MockEnvironment;

/** The new channels' settings as application.yaml or the environment give them, and refusals of incomplete ones. */
class ChannelSettingsTest {

  private static NotificationProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("notice-cascade.notification", NotificationProperties.class);
  }

  @Test
  void defaultsLimitRobotsToTwentyAMinuteAndSendOnlyRemindersAndEscalationsBySms() {
    NotificationProperties p = bind(Map.of());

    assertThat(p.webhook().ratePerMinute()).isEqualTo(20);
    assertThat(p.webhook().batchSize()).isEqualTo(500);
    assertThat(p.wecomApp().baseUrl()).isEqualTo("https://qyapi.weixin.qq.com");
    assertThat(p.sms().kinds()).containsExactly("催办", "逾期", "逾期催办", "督办");
    assertThat(p.sms().maxLength()).isEqualTo(140);
    assertThat(p.sms().method()).isEqualTo("POST");
  }

  @Test
  void smsSettingsBindWithTheirHeadersAndSuccessCheck() {
    NotificationProperties p = bind(Map.of(
        "notice-cascade.notification.sms.enabled", "true",
        "notice-cascade.notification.sms.url", "https://sms.example.com/send",
        "notice-cascade.notification.sms.headers.Authorization", "Bearer t",
        "notice-cascade.notification.sms.success.json-pointer", "/code",
        "notice-cascade.notification.sms.success.value", "0",
        "notice-cascade.notification.sms.kinds", "督办",
        "notice-cascade.notification.webhook.rate-per-minute", "18"));

    assertThat(p.sms().headers()).containsEntry("Authorization", "Bearer t");
    assertThat(p.sms().success()).isEqualTo(new NotificationProperties.SmsSuccess("/code", "0"));
    assertThat(p.sms().kinds()).isEqualTo(List.of("督办"));
    assertThat(p.webhook().ratePerMinute()).isEqualTo(18);
    SmsChannel sms = new SmsChannel(p.sms(), null, null, null, new MutableClock());
    assertThat(sms.accepts(new Notification("k", "g", "【督办】甲单位逾期未报告", "", null))).isTrue();
    assertThat(sms.accepts(new Notification("k", "g", "【催办】请签收", "", null))).isFalse();
  }

  @Test
  void aRateOfNoneAndIncompleteChannelsAreRefusedAtStartUp() {
    assertThatThrownBy(() -> bind(Map.of("notice-cascade.notification.webhook.rate-per-minute", "0")))
        .isInstanceOf(BindException.class).rootCause().hasMessageContaining("webhook.rate-per-minute");
    NotificationProperties noUrl = bind(Map.of("notice-cascade.notification.sms.enabled", "true"));
    assertThatThrownBy(() -> new SmsChannel(noUrl.sms(), null, null, null, new MutableClock()))
        .hasMessageContaining("notice-cascade.notification.sms.url");
    NotificationProperties noAgent = bind(Map.of("notice-cascade.notification.wecom-app.enabled", "true",
        "notice-cascade.notification.wecom-app.corp-id", "ww1",
        "notice-cascade.notification.wecom-app.corp-secret-ref", "NC_UNSET_SECRET"));
    assertThatThrownBy(() -> new NotificationConfiguration().wecomAppChannel(noAgent, null, null, null,
        new MockEnvironment(), null)).hasMessageContaining("corp-secret-ref").hasMessageContaining("agent-id");
  }
}
