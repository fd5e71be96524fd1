package org.noticecascade.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** What the outbox may store, log or show of a text that names a credential. */
class RedactorTest {

  private final Redactor configured = new Redactor(
      "https://oapi.dingtalk.com/robot/send?access_token=dt0k3n%2Bx&lang=zh", "SECd1ngta1k", "Smtp-Pa55word");

  @Test
  void aUrlsCredentialParametersAreHiddenWhateverTheirCaseAndTheRestIsKept() {
    Redactor redactor = Fixtures.NO_SECRETS;
    assertThat(redactor.redact("500 Internal Server Error on POST request for "
        + "\"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx&debug=1\": \"{}\""))
        .isEqualTo("500 Internal Server Error on POST request for "
            + "\"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***&debug=1\": \"{}\"");
    assertThat(redactor.redact("http://h/robot/send?Access_Token=abc&timestamp=1700000000000&SIGN=a%2Bb%3D"))
        .isEqualTo("http://h/robot/send?Access_Token=***&timestamp=1700000000000&SIGN=***");
    assertThat(redactor.redact("http://h/hook?msgtype=text&secret=s3&TOKEN=t0&api_key=k9 then"))
        .isEqualTo("http://h/hook?msgtype=text&secret=***&TOKEN=***&api_key=*** then");
    assertThat(redactor.redact("smtp://noreply:p4ss@smtp.example.org:465")).isEqualTo(
        "smtp://noreply:***@smtp.example.org:465");
    assertThat(redactor.redact(null)).isNull();
  }

  @Test
  void theConfiguredSecretsAreHiddenWhereverTheyAppear() {
    assertThat(configured.redact("535 Authentication failed for Smtp-Pa55word")).isEqualTo(
        "535 Authentication failed for ***");
    assertThat(configured.redact("cannot sign with SECd1ngta1k")).isEqualTo("cannot sign with ***");
    // the URL's token, as configured (encoded) and decoded, outside any URL
    assertThat(configured.redact("token dt0k3n%2Bx, that is dt0k3n+x")).isEqualTo("token ***, that is ***");
    assertThat(configured.redact("lang=zh")).isEqualTo("lang=zh");
  }

  @Test
  void hidingTwiceChangesNothing() {
    String once = configured.redact("http://h/send?access_token=dt0k3n%2Bx&sign=abc");
    assertThat(configured.redact(once)).isEqualTo(once).isEqualTo("http://h/send?access_token=***&sign=***");
    assertThat(new Redactor(List.of("", " ")).redact("a b")).isEqualTo("a b");
  }

  @Test
  void theWecomAppSecretAndTheSmsGatewaysCredentialHeadersAreHiddenAsConfigured() {
    MockEnvironment env = new MockEnvironment()
        .withProperty("NC_WECOM_APP_SECRET", "c0rpS3cret")
        .withProperty("notice-cascade.notification.wecom-app.corp-secret-ref", "NC_WECOM_APP_SECRET")
        .withProperty("NC_SMS_TOKEN", "smsT0ken")
        .withProperty("notice-cascade.notification.sms.headers.Authorization", "Bearer ${NC_SMS_TOKEN}")
        .withProperty("notice-cascade.notification.sms.headers.X-Api-Key", "ak-9f8e")
        .withProperty("notice-cascade.notification.sms.headers.Content-Type", "application/json");
    Redactor redactor = new Redactor(env);

    assertThat(redactor.redact("gateway said: c0rpS3cret Bearer smsT0ken; smsT0ken; ak-9f8e; application/json"))
        .isEqualTo("gateway said: *** ***; ***; ***; application/json");
  }
}
