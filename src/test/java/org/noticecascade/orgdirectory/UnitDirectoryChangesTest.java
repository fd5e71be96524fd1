package org.noticecascade.orgdirectory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.web.DemoApiOnPostgres;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * What an operator changes in a running directory: units' channels from the CSV's optional columns, the new unit
 * kinds by their Chinese names, moving a unit with its subtree and removing one, each refused with its reason (every
 * bad line named, nothing written) while an open notice involves the units.
 */
class UnitDirectoryChangesTest extends DemoApiOnPostgres {

  private ResponseEntity<JsonNode> importCsv(String csv) {
    return postCsv(as("admin"), csv.getBytes(StandardCharsets.UTF_8));
  }

  private String detail(ResponseEntity<JsonNode> r) {
    return r.getBody().get("detail").asText();
  }

  private Map<String, Object> channelRow(String code) {
    return jdbc.queryForMap("select * from unit_channel where unit_code = ?", code);
  }

  private String path(String code) {
    return jdbc.queryForObject("select path from unit where code = ?", String.class, code);
  }

  private boolean active(String code) {
    return jdbc.queryForObject("select active from unit where code = ?", Boolean.class, code);
  }

  @Test
  void channelColumnsAreCheckedLineByLineAndStoredWithTheUnits() {
    int channels = count("select count(*) from unit_channel");
    ResponseEntity<JsonNode> bad = importCsv("""
        code,name,kind,parentCode,email,phone,robotUrl,robotFormat,robotSecret,robotSecretRef
        sczg,自贡市总工会,LOCAL_FEDERATION,sc,not-an-address,,,,,
        scpzh,攀枝花市总工会,LOCAL_FEDERATION,sc,,0812-ABC,,,,
        sclz,泸州市总工会,LOCAL_FEDERATION,sc,,,http://robot.example.cn/send,,,
        scdy,德阳市总工会,LOCAL_FEDERATION,sc,,,https://oapi.dingtalk.com/robot/send?access_token=t,slack,,
        scmy,绵阳市总工会,LOCAL_FEDERATION,sc,,,https://oapi.dingtalk.com/robot/send?access_token=t,dingtalk,SEC1,NC_X
        scgy,广元市总工会,LOCAL_FEDERATION,sc,,,https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k,,,bad name!
        scsn,遂宁市总工会,LOCAL_FEDERATION,sc,,,,,SEC2,
        scchnew,新的测试单位,AFFILIATED_UNIT,sc,new@example.cn,,,,,
        """);
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(detail(bad)).contains("第2行", "not-an-address", "第3行", "0812-ABC", "第4行", "https://", "第5行",
        "slack", "第6行", "只能填写一个", "第7行", "bad name!", "第8行", "未填写群机器人地址");
    assertThat(detail(bad)).doesNotContain("第9行");
    assertThat(count("select count(*) from unit_channel")).isEqualTo(channels);
    assertThat(count("select count(*) from unit where code = 'scchnew'")).isZero();

    ResponseEntity<JsonNode> good = importCsv("""
        code,name,kind,parentCode,email,phone,robotUrl,robotFormat,robotSecret,robotSecretRef
        sczg,自贡市总工会,LOCAL_FEDERATION,sc,office@zg.example.cn,0813-2101234,https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=zg-robot-key,wecom,SECzg-signing,
        scpzh,攀枝花市总工会,LOCAL_FEDERATION,sc,,+86-812-3335555,https://oapi.dingtalk.com/robot/send?access_token=pzh-token,dingtalk,,NC_ROBOT_SCPZH_SECRET
        sclz,泸州市总工会,LOCAL_FEDERATION,sc,,,http://127.0.0.1:8099/robot,generic,,
        """);
    assertThat(good.getStatusCode()).as(String.valueOf(good.getBody())).isEqualTo(HttpStatus.OK);
    assertThat(good.getBody().get("updated").asInt()).isEqualTo(3);
    assertThat(channelRow("sczg")).containsEntry("email", "office@zg.example.cn").containsEntry("phone", "0813-2101234")
        .containsEntry("robot_format", "wecom").containsEntry("robot_secret", "SECzg-signing");
    assertThat(channelRow("scpzh")).containsEntry("robot_secret_ref", "NC_ROBOT_SCPZH_SECRET")
        .containsEntry("robot_secret", null);

    // the administrator sees the channels, never the secret nor the robot's key; a clerk sees none of it
    ResponseEntity<String> asAdmin = as("admin").getForEntity("/api/units/sczg", String.class);
    assertThat(asAdmin.getBody()).contains("office@zg.example.cn", "\"robotSecretSet\":true",
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***").doesNotContain("SECzg", "zg-robot-key");
    JsonNode pzh = as("admin").getForObject("/api/units/scpzh", JsonNode.class).get("channel");
    assertThat(pzh.get("robotSecretRef").asText()).isEqualTo("NC_ROBOT_SCPZH_SECRET");
    assertThat(pzh.get("robotUrl").asText()).doesNotContain("pzh-token");
    assertThat(as("admin").getForObject("/api/units/sclz", JsonNode.class).get("channel").get("robotUrl").asText())
        .isEqualTo("http://127.0.0.1:8099/***");
    JsonNode clerk = as("sczgclerk").getForObject("/api/units/sczg", JsonNode.class);
    assertThat(clerk.has("channel")).isFalse();
    assertThat(clerk.get("active").asBoolean()).isTrue();

    // a file without the columns leaves the channels alone; an empty cell of a column it has clears that value
    assertThat(importCsv("code,name,kind,parentCode\nsczg,自贡市总工会,LOCAL_FEDERATION,sc\n").getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(channelRow("sczg")).containsEntry("email", "office@zg.example.cn");
    assertThat(importCsv("code,name,kind,parentCode,email,robotSecret\nsczg,自贡市总工会,LOCAL_FEDERATION,sc,,\n")
        .getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(channelRow("sczg")).containsEntry("email", null).containsEntry("robot_secret", null)
        .containsEntry("phone", "0813-2101234").containsEntry("robot_format", "wecom");
  }

  @Test
  void theNewKindsAreTakenByTheirChineseNames() {
    ResponseEntity<JsonNode> r = importCsv("""
        code,name,kind,parentCode
        scqyjt,四川测试集团有限公司工会,企业集团（公司）工会,sc
        scxtj,四川测试局系统工会,系统（局）工会,sc
        scjycxdxz,成都信息工程大学校长办公室直属工会小组,工会小组,scjycxd
        """);
    assertThat(r.getStatusCode()).as(String.valueOf(r.getBody())).isEqualTo(HttpStatus.OK);
    assertThat(jdbc.queryForList("select kind from unit where code in ('scqyjt', 'scxtj', 'scjycxdxz') order by code",
        String.class)).containsExactly("UNION_GROUP", "ENTERPRISE_GROUP_UNION", "SYSTEM_UNION");
    assertThat(as("scclerk").getForObject("/api/units/scxtj", JsonNode.class).get("kindLabel").asText())
        .isEqualTo("系统（局）工会");
    // the demo data has 云南's and 武进's units of these kinds
    assertThat(jdbc.queryForList("select code from unit where kind = 'ENTERPRISE_GROUP_UNION' and parent_code = 'yn'",
        String.class)).contains("ynjt", "ynny", "ynjs");
    assertThat(count("select count(*) from unit where kind = 'SYSTEM_UNION' and parent_code = 'jsczwj'")).isEqualTo(3);
  }

  /** A notice waiting for 签发 has reached no one yet, but the units it names must stay until it is sent. */
  @Test
  void aUnitNamedByANoticeNotYetSentIsNotRemoved() {
    Map<String, Object> n = new java.util.HashMap<>(Map.of("docNumber", "武工发〔2026〕2号", "title", "关于待签发测试的通知",
        "issuerUnit", "jsczwj", "issuedOn", LocalDate.now().toString(), "summary", "请学习贯彻。",
        "addresseeUnits", List.of("jsczwjly"), "reportDueDate", CascadeDriver.dueDate().toString()));
    n.put("signOffRequired", true);
    ResponseEntity<JsonNode> created = as("jsczwjclerk").postForEntity("/api/notices", n, JsonNode.class);
    assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
    long id = created.getBody().get("id").asLong();
    assertThat(jdbc.queryForObject("select status from notice where id = ?", String.class, id))
        .isEqualTo("AWAITING_SIGN_OFF");
    assertThat(count("select count(*) from cascade_unit where notice_id = ?", id)).isZero();
    ResponseEntity<JsonNode> r = as("admin").exchange("/api/units/jsczwjly", HttpMethod.DELETE, null, JsonNode.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(detail(r)).contains("武工发〔2026〕2号", "关于待签发测试的通知");
    assertThat(active("jsczwjly")).isTrue();
  }

  @Test
  void aUnitMovesOrIsRemovedOnlyWhenNoOpenNoticeInvolvesIt() {
    CascadeDriver driver = new CascadeDriver(engine);
    Map<String, Object> n = Map.of("docNumber", "武工发〔2026〕1号", "title", "关于迁移测试的通知", "issuerUnit", "jsczwj",
        "issuedOn", LocalDate.now().toString(), "summary", "请学习贯彻。",
        "addresseeKinds", List.of("TOWNSHIP_FEDERATION", "SYSTEM_UNION"), "reportDueDate", CascadeDriver.dueDate().toString());
    ResponseEntity<JsonNode> created = as("jsczwjclerk").postForEntity("/api/notices", n, JsonNode.class);
    assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
    long id = created.getBody().get("id").asLong();
    driver.runJobs();
    // addressed by kind: the 系统（局）工会 are reached with the towns
    assertThat(driver.unitInstance(id, "jsczwjjy")).isNotNull();
    assertThat(driver.unitInstance(id, "jsczwjht")).isNotNull();

    String htPath = "/acftu/js/jscz/jsczwj/jsczwjht/";
    ResponseEntity<JsonNode> refused = importCsv("""
        code,name,kind,parentCode
        jsczwjht,湖塘镇总工会,TOWNSHIP_FEDERATION,jscz
        """);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(detail(refused)).contains("第2行", "武工发〔2026〕1号", "关于迁移测试的通知", "未办结");
    assertThat(path("jsczwjht")).isEqualTo(htPath);
    ResponseEntity<JsonNode> cycle = importCsv("code,name,kind,parentCode\njsczwj,常州市武进区总工会,LOCAL_FEDERATION,jsczwjht\n");
    assertThat(cycle.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(detail(cycle)).contains("不能迁移到其下级单位");

    ResponseEntity<JsonNode> reached = as("admin").exchange("/api/units/jsczwjnt", HttpMethod.DELETE, null, JsonNode.class);
    assertThat(reached.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(detail(reached)).contains("武工发〔2026〕1号", "不能删除");
    ResponseEntity<JsonNode> parent = as("admin").exchange("/api/units/jsczwjht", HttpMethod.DELETE, null, JsonNode.class);
    assertThat(detail(parent)).contains("仍有下级单位", "jsczwjhths");
    assertThat(as("jsczwjclerk").exchange("/api/units/jsczwjhtws", HttpMethod.DELETE, null, JsonNode.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(active("jsczwjnt")).isTrue();
    assertThat(active("jsczwjhtws")).isTrue();

    // a grassroots union the notice never reached may go at once: kept inactive, its group emptied
    ResponseEntity<JsonNode> leaf = as("admin").exchange("/api/units/jsczwjhtws", HttpMethod.DELETE, null, JsonNode.class);
    assertThat(leaf.getStatusCode()).as(String.valueOf(leaf.getBody())).isEqualTo(HttpStatus.OK);
    assertThat(leaf.getBody().get("removed").asInt()).isEqualTo(1);
    assertThat(active("jsczwjhtws")).isFalse();
    assertThat(engine.getIdentityService().createUserQuery().memberOfGroup("jsczwjhtws").count()).isZero();
    assertThat(as("admin").getForObject("/api/units?parent=jsczwjht", JsonNode.class).findValuesAsText("code"))
        .containsExactlyInAnyOrder("jsczwjhths", "jsczwjhtkb");
    assertThat(as("admin").getForObject("/api/units/jsczwjhtws", JsonNode.class).get("active").asBoolean()).isFalse();
    ResponseEntity<JsonNode> under = importCsv("code,name,kind,parentCode\njsczwjhtwsx,新单位,GRASSROOTS_UNION,jsczwjhtws\n");
    assertThat(detail(under)).contains("第2行", "已删除");

    // 办结: the notice's record of 湖塘镇 must come through the move unchanged
    ResponseEntity<JsonNode> closed = as("jsczwjclerk").postForEntity("/api/notices/" + id + "/close",
        Map.of("reason", "测试办结"), JsonNode.class);
    assertThat(closed.getStatusCode().is2xxSuccessful()).as(String.valueOf(closed.getBody())).isTrue();
    driver.runJobs();
    JsonNode before = as("admin").getForObject("/api/notices/" + id + "/progress?unit=jsczwjht", JsonNode.class);

    ResponseEntity<JsonNode> moved = importCsv("""
        code,name,kind,parentCode,action
        jsczwjht,湖塘镇总工会,TOWNSHIP_FEDERATION,jscz,
        jsczwjnt,,,,删除
        """);
    assertThat(moved.getStatusCode()).as(String.valueOf(moved.getBody())).isEqualTo(HttpStatus.OK);
    assertThat(moved.getBody().get("moved").asInt()).isEqualTo(1);
    assertThat(moved.getBody().get("removed").asInt()).isEqualTo(1);
    // the whole subtree, removed units included, has its new path and depth
    assertThat(jdbc.queryForList("select code || ' ' || path || ' ' || depth from unit where code like 'jsczwjht%'",
        String.class)).containsExactlyInAnyOrder(
        "jsczwjht /acftu/js/jscz/jsczwjht/ 3",
        "jsczwjhtkb /acftu/js/jscz/jsczwjht/jsczwjhtkb/ 4",
        "jsczwjhths /acftu/js/jscz/jsczwjht/jsczwjhths/ 4",
        "jsczwjhtws /acftu/js/jscz/jsczwjht/jsczwjhtws/ 4");
    assertThat(count("select count(*) from unit where path like '/acftu/js/jscz/jsczwj/jsczwjht%'")).isZero();
    assertThat(as("admin").getForObject("/api/units?parent=jscz", JsonNode.class).findValuesAsText("code"))
        .contains("jsczwj", "jsczwjht");
    // the closed notice keeps the tree of its time: same path in its record, same progress
    assertThat(jdbc.queryForObject("select path from cascade_unit where notice_id = ? and unit_code = 'jsczwjht'",
        String.class, id)).isEqualTo(htPath);
    JsonNode after = as("admin").getForObject("/api/notices/" + id + "/progress?unit=jsczwjht", JsonNode.class);
    assertThat(after.get("totals")).isEqualTo(before.get("totals"));
    assertThat(after.get("units").findValuesAsText("unitCode")).isEqualTo(before.get("units").findValuesAsText("unitCode"));

    assertThat(active("jsczwjnt")).isFalse();
    assertThat(engine.getIdentityService().createUserQuery().memberOfGroup("jsczwjnt").count()).isZero();
    assertThat(as("admin").getForObject("/api/units?parent=jsczwj", JsonNode.class).findValuesAsText("code"))
        .doesNotContain("jsczwjnt", "jsczwjht");
    // listed again, a removed unit is back (its people are added again by the people file)
    assertThat(importCsv("code,name,kind,parentCode\njsczwjnt,牛塘镇总工会,乡镇（街道）总工会,jsczwj\n").getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(active("jsczwjnt")).isTrue();
  }
}
