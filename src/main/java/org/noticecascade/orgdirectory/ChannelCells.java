package org.noticecascade.orgdirectory;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The units CSV's channel columns: merged over what is stored (a column the file lacks keeps its value, an empty
 * cell clears it) and checked, each problem worded for the line it is on.
 */
final class ChannelCells {

  static final Set<String> FORMATS = Set.of("wecom", "dingtalk", "generic");
  private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9-]{1,38}[0-9]");
  /** A property or environment variable name: NC_ROBOT_SC_SECRET, notice-cascade.robots.sc */
  private static final Pattern SECRET_REF = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,199}");
  /** Hosts a plain-http robot may have: a local fake in tests, never a robot across a network. */
  private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1");

  private ChannelCells() {
  }

  /** The channel after this row: the stored one (or none) with the file's columns laid over it. */
  static UnitChannel merge(String code, UnitChannel stored, Map<String, String> cells) {
    UnitChannel s = stored != null ? stored : new UnitChannel(code, null, null, null, null, null, null);
    return new UnitChannel(code,
        cell(cells, "email", s.email()), cell(cells, "phone", s.phone()), cell(cells, "robotUrl", s.robotUrl()),
        lower(cell(cells, "robotFormat", s.robotFormat())), cell(cells, "robotSecret", s.robotSecret()),
        cell(cells, "robotSecretRef", s.robotSecretRef()));
  }

  static boolean isEmpty(UnitChannel c) {
    return c.email() == null && c.phone() == null && c.robotUrl() == null && c.robotFormat() == null
        && c.robotSecret() == null && c.robotSecretRef() == null;
  }

  private static String cell(Map<String, String> cells, String column, String stored) {
    if (!cells.containsKey(column)) {
      return stored;
    }
    String v = cells.get(column).trim();
    return v.isEmpty() ? null : v;
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  /** What is wrong with the channel, in Chinese, naming the column. */
  static List<String> problems(UnitChannel c) {
    List<String> problems = new ArrayList<>();
    if (c.email() != null && !isEmail(c.email())) {
      problems.add("email“" + c.email() + "”不是有效的电子邮件地址");
    }
    if (c.phone() != null && !PHONE.matcher(c.phone()).matches()) {
      problems.add("phone“" + c.phone() + "”应为电话号码（数字，可含 + 和 -），如 028-86543210");
    }
    if (c.robotUrl() != null) {
      String urlProblem = robotUrlProblem(c.robotUrl());
      if (urlProblem != null) {
        problems.add(urlProblem);
      }
    } else if (c.robotFormat() != null || c.robotSecret() != null || c.robotSecretRef() != null) {
      problems.add("填写了 robotFormat、robotSecret 或 robotSecretRef，但未填写群机器人地址 robotUrl");
    }
    if (c.robotFormat() != null && !FORMATS.contains(c.robotFormat())) {
      problems.add("robotFormat“" + c.robotFormat() + "”无效，应为 wecom、dingtalk、generic 或留空");
    }
    if (c.robotSecret() != null && c.robotSecretRef() != null) {
      problems.add("robotSecret 与 robotSecretRef 只能填写一个（密钥本身，或保存密钥的环境变量名）");
    }
    if (c.robotSecret() != null && c.robotSecret().length() > 200) {
      problems.add("robotSecret 不超过 200 个字符");
    }
    if (c.robotSecretRef() != null && !SECRET_REF.matcher(c.robotSecretRef()).matches()) {
      problems.add("robotSecretRef“" + c.robotSecretRef() + "”应为环境变量或配置项名，如 NC_ROBOT_SC_SECRET");
    }
    return problems;
  }

  private static boolean isEmail(String text) {
    if (text.length() > 200 || !text.contains("@")) {
      return false;
    }
    try {
      InternetAddress address = new InternetAddress(text, true);
      // "张三 <a@b.cn>" parses too: only the bare address is a unit's e-mail
      return address.getPersonal() == null && text.equals(address.getAddress());
    } catch (AddressException e) {
      return false;
    }
  }

  private static String robotUrlProblem(String url) {
    String problem = "robotUrl“" + url + "”应为 https:// 开头的群机器人地址";
    if (url.length() > 1000) {
      return "robotUrl 不超过 1000 个字符";
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      String host = uri.getHost();
      if (host == null) {
        return problem;
      }
      if (scheme.equals("https") || scheme.equals("http") && LOCAL_HOSTS.contains(host.toLowerCase(Locale.ROOT))) {
        return null;
      }
      return problem + "（http:// 仅限本机测试地址 localhost、127.0.0.1）";
    } catch (URISyntaxException e) {
      return problem;
    }
  }

  /**
   * The robot address without its key: scheme, host and port; the path too for the WeCom and DingTalk robots, whose
   * key is in the query (each query value shown as ***). Another robot may carry its key in the path, so none shown.
   */
  static String maskedUrl(String url) {
    if (url == null) {
      return null;
    }
    try {
      URI uri = new URI(url);
      String origin = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
      String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
      if (!host.endsWith("qyapi.weixin.qq.com") && !host.endsWith("oapi.dingtalk.com")) {
        return origin + "/***";
      }
      StringBuilder masked = new StringBuilder(origin).append(uri.getRawPath() == null ? "" : uri.getRawPath());
      if (uri.getRawQuery() != null) {
        List<String> params = new ArrayList<>();
        for (String pair : uri.getRawQuery().split("&")) {
          int eq = pair.indexOf('=');
          params.add((eq < 0 ? pair : pair.substring(0, eq)) + "=***");
        }
        masked.append('?').append(String.join("&", params));
      }
      return masked.toString();
    } catch (URISyntaxException e) {
      return "***";
    }
  }
}
