// Notice Cascade: Cockpit plugins (7.24 plugin API; loaded through customScripts in config.js).
// - tab 传达进度 on a process instance: the notice's cascade for a noticeIssue instance (business key = notice id),
//   the unit's subtree for a unitCascade instance (business key = <notice id>/<unit code>);
// - dashboard entry 通知传达进度: the notices the user can see, each linking to the page below;
// - page #/notice-progress/<notice id>: one notice's progress inside Cockpit.
// The views are the /progress page's own module; they write texts from notices and reports as text only.
import { ensureStyles, h, mountNoticeList, mountProgress } from '/progress/progress-view.js';

const NOTICE_PROCESS = 'noticeIssue';
const UNIT_PROCESS = 'unitCascade';

function note(node, text) {
  node.replaceChildren(h('div', { class: 'ncp' }, h('p', { class: 'ncp-message' }, text)));
}

/** Which notice (and unit) a process instance stands for, from its definition and business key. */
async function target(api, processInstanceId) {
  const response = await fetch(`${api.engineApi}/process-instance/${encodeURIComponent(processInstanceId)}`, {
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  });
  if (!response.ok) {
    return null;
  }
  const instance = await response.json();
  const key = String(instance.definitionId || '').split(':')[0];
  const businessKey = instance.businessKey || '';
  if (key === NOTICE_PROCESS && /^\d+$/.test(businessKey)) {
    return { noticeId: businessKey, unit: '' };
  }
  const unitKey = /^(\d+)\/([a-z0-9]+)$/.exec(businessKey);
  if (key === UNIT_PROCESS && unitKey) {
    return { noticeId: unitKey[1], unit: unitKey[2] };
  }
  return null;
}

const instanceTab = {
  id: 'notice-progress-tab',
  pluginPoint: 'cockpit.processInstance.runtime.tab',
  priority: 30,
  properties: { label: '传达进度' },
  render(node, { api, processInstanceId }) {
    ensureStyles();
    note(node, '正在加载…');
    target(api, processInstanceId).then((t) => {
      if (!t) {
        note(node, '此流程实例不是通知传达流程，没有传达进度。');
        return;
      }
      mountProgress(node, { noticeId: t.noticeId, unit: t.unit });
    }).catch((error) => note(node, `加载失败：${error.message}`));
  },
};

const dashboard = {
  id: 'notice-progress-dashboard',
  pluginPoint: 'cockpit.dashboard',
  priority: 50,
  properties: { label: '通知传达进度' },
  render(node) {
    ensureStyles();
    mountNoticeList(node, {
      title: '通知传达进度',
      hrefFor: (notice) => `#/notice-progress/${encodeURIComponent(notice.id)}`,
    });
  },
};

const page = {
  id: 'notice-progress-page',
  pluginPoint: 'cockpit.route',
  properties: { path: '/notice-progress/:noticeId' },
  render(node) {
    ensureStyles();
    const match = /#\/notice-progress\/(\d+)/.exec(window.location.hash);
    if (!match) {
      note(node, '未指定通知。');
      return;
    }
    const wrapper = h('div', { class: 'ncp-cockpit-page' });
    node.replaceChildren(wrapper);
    mountProgress(wrapper, { noticeId: match[1], backHref: '#/dashboard', backLabel: '← 驾驶舱首页' });
  },
};

export default [instanceTab, dashboard, page];
