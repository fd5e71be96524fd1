package org.noticecascade.notification;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.function.Function;
import org.noticecascade.orgdirectory.Contacts;
import org.noticecascade.orgdirectory.OrgIds;
import org.noticecascade.orgdirectory.UnitChannel;
import org.springframework.core.env.Environment;

/**
 * Which robot a group's messages go to: its unit's own ({@code unit_channel.robot_url}; a leaders' group's is its
 * unit's), read when sending so that a changed robot takes effect at once; null when the unit has none.
 */
class RobotDirectory {

  /** A unit's robot that cannot be used: {@code permanent} when trying again would not help. */
  static final class BadRobot extends RuntimeException {

    final boolean permanent;

    BadRobot(String message, boolean permanent) {
      super(message);
      this.permanent = permanent;
    }
  }

  private final Function<String, Optional<UnitChannel>> unitChannels;
  private final Environment environment;

  /** @param unitChannels a unit's channels by its code ({@link Contacts#unitChannel}) */
  RobotDirectory(Function<String, Optional<UnitChannel>> unitChannels, Environment environment) {
    this.unitChannels = unitChannels;
    this.environment = environment;
  }

  Robot unitRobot(String group) {
    String unit = OrgIds.unitOfGroup(group);
    UnitChannel channel = unitChannels.apply(unit).orElse(null);
    if (channel == null || channel.robotUrl() == null || channel.robotUrl().isBlank()) {
      return null;
    }
    URI url;
    try {
      url = new URI(channel.robotUrl().strip());
    } catch (URISyntaxException e) {
      url = null;
    }
    if (url == null || url.getHost() == null
        || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
      // the address itself is not quoted: it carries the robot's key
      throw new BadRobot("单位 " + unit + " 的群机器人地址不是 http(s) 地址，请在单位文件中更正", true);
    }
    WebhookChannel.Format format;
    try {
      format = Robot.format(channel.robotFormat(), url);
    } catch (IllegalArgumentException e) {
      throw new BadRobot("单位 " + unit + " 的群机器人类型只能是 wecom、dingtalk 或 generic", true);
    }
    String secret = channel.robotSecret();
    if (channel.robotSecretRef() != null && !channel.robotSecretRef().isBlank()) {
      secret = environment.getProperty(channel.robotSecretRef().strip());
      if (secret == null || secret.isBlank()) {
        // the operator may still set it: tried again with the backoff
        throw new BadRobot("单位 " + unit + " 的群机器人密钥引用 " + channel.robotSecretRef().strip()
            + " 没有对应的配置项或环境变量", false);
      }
    }
    return new Robot(url, format, secret == null || secret.isBlank() ? null : secret, unit);
  }
}
