package org.noticecascade.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A notice without 文号 is named by its title, never as "null 标题" or with a stray space. */
class NoticeSubjectTest {

  @Test
  void aNoticeIsNamedByItsDocNumberAndTitleOrByItsTitleAlone() {
    assertThat(NoticeSubject.of("川工发〔2023〕43号", "关于学习的通知")).isEqualTo("川工发〔2023〕43号 关于学习的通知");
    assertThat(NoticeSubject.of(null, "关于学习的通知")).isEqualTo("关于学习的通知");
    assertThat(NoticeSubject.of("  ", "关于学习的通知")).isEqualTo("关于学习的通知");
    assertThat(NoticeSubject.shortName("川工发〔2023〕43号", "关于学习的通知")).isEqualTo("川工发〔2023〕43号");
    assertThat(NoticeSubject.shortName(null, "关于学习的通知")).isEqualTo("关于学习的通知");
    assertThat(NoticeSubject.number(null)).isEqualTo("无文号");
    assertThat(NoticeSubject.number(" 锦工发〔2026〕1号 ")).isEqualTo("锦工发〔2026〕1号");
  }

  @Test
  void aRelayIsTitledAfterTheSuperiorsDocumentWithItsNumberWhenItHasOne() {
    assertThat(NoticeSubject.relayTitle(" 川工发〔2023〕43号 ", "关于学习的通知"))
        .isEqualTo("转发川工发〔2023〕43号《关于学习的通知》的通知");
    assertThat(NoticeSubject.relayTitle(null, "关于学习的通知")).isEqualTo("转发《关于学习的通知》的通知");
    assertThat(NoticeSubject.relayTitle("", "关于学习的通知")).isEqualTo("转发《关于学习的通知》的通知");
    // a 转发 of a 转发: the quoted title's own book-title marks become the inner ones
    assertThat(NoticeSubject.relayTitle("成工发〔2023〕12号", "转发川工发〔2023〕43号《关于学习的通知》的通知"))
        .isEqualTo("转发成工发〔2023〕12号《转发川工发〔2023〕43号〈关于学习的通知〉的通知》的通知");
  }
}
