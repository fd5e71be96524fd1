package org.noticecascade.notification;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A group robot (or generic receiver) that webhook messages go to: a unit's own ({@code unit_channel}) or the
 * system default ({@code notice-cascade.notification.webhook.url}).
 *
 * @param secret DingTalk's 加签 secret, or null
 * @param unitCode the unit whose robot it is; null for the default one
 */
record Robot(URI url, WebhookChannel.Format format, String secret, String unitCode) {

  /** Names the robot in the rate-limit table and in errors: a hash, since the URL carries the robot's key. */
  String key() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(url.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whose robot it is, in Chinese, for errors. */
  String describe() {
    return unitCode == null ? "默认群机器人" : "单位 " + unitCode + " 的群机器人";
  }

  /** WeChat Work and DingTalk robots take a limited number of posts a minute; a generic receiver is not limited. */
  boolean limited() {
    return format != WebhookChannel.Format.GENERIC;
  }

  /** The configured format, or (none given) the one the URL's host tells. */
  static WebhookChannel.Format format(String configured, URI url) {
    if (configured != null && !configured.isBlank()) {
      return WebhookChannel.Format.valueOf(configured.strip().toUpperCase(Locale.ROOT));
    }
    String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
    return switch (host) {
      case "qyapi.weixin.qq.com" -> WebhookChannel.Format.WECOM;
      case "oapi.dingtalk.com" -> WebhookChannel.Format.DINGTALK;
      default -> WebhookChannel.Format.GENERIC;
    };
  }
}
