package org.noticecascade.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * A progress answer's rates worked out again from the units it lists, apart from the application's code, to check
 * the API and the views against. 应报告 counts the units listed as {@code mustReport}.
 */
public record RecountedRates(int reached, int mustReport, int acknowledged, int reported, int accepted) {

  /** Over units as the progress API lists them (its {@code units}), all of a subtree. */
  public static RecountedRates of(JsonNode units) {
    int reached = 0;
    int acknowledged = 0;
    int reported = 0;
    int accepted = 0;
    int mustReport = 0;
    for (JsonNode u : units) {
      String status = u.get("status").asText();
      reached++;
      mustReport += u.get("mustReport").asBoolean() ? 1 : 0;
      acknowledged += u.hasNonNull("acknowledgedAt") ? 1 : 0;
      reported += List.of("reported", "accepted").contains(status) ? 1 : 0;
      accepted += status.equals("accepted") ? 1 : 0;
    }
    return new RecountedRates(reached, mustReport, acknowledged, reported, accepted);
  }

  /** A share as the API shows it: one decimal, half up, and "—" where the whole is 0. */
  public static String percent(int part, int whole) {
    return whole == 0 ? "—"
        : BigDecimal.valueOf(100L * part).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP) + "%";
  }

  public String acknowledgedRate() {
    return percent(acknowledged, reached);
  }

  /** 报告率 = 已报告 ÷ 应报告. */
  public String reportedRate() {
    return percent(reported, mustReport);
  }

  /** 审核通过率 = 通过 ÷ 已报告. */
  public String acceptedRate() {
    return percent(accepted, reported);
  }

  /** 办结率 = 通过 ÷ 应报告. */
  public String completedRate() {
    return percent(accepted, mustReport);
  }
}
