// Notice Cascade: a notice's progress as a tree of units, and the list of notices. Shared by the /progress page
// and the Cockpit plugin (app/cockpit/scripts/notice-progress.js).
//
// Texts from notices and reports (titles, unit names, reasons) are user input: this module builds every element
// with createElement and puts text in with text nodes, never through HTML parsing.

export const STATUS_LABELS = {
  received: '已收文',
  acknowledged: '已签收',
  relayed: '已传达',
  studied: '已学习',
  reported: '已报告',
  returned: '已退回',
  accepted: '已通过',
};

const NOTICE_STATUS_LABELS = {
  AWAITING_SIGN_OFF: '待签发',
  AWAITING_DOC_NUMBER: '待编号',
  NOT_SIGNED_OFF: '未签发',
  DISPATCHED: '传达中',
  CLOSED: '已办结',
  COMPLETED: '已完成',
};

// the columns of the progress answer's relayTimes (传达用时 by level), in the API's order
const RELAY_TIME_COLUMNS = [
  ['level', '层级'],
  ['relayed', '已传达'],
  ['averageRelayHours', '平均传达用时（小时）'],
  ['maxRelayHours', '最长传达用时（小时）'],
  ['slowestUnit', '最慢单位代码'],
  ['slowestUnitName', '最慢单位'],
];

/** Thrown when the API answers 401: the caller shows a login (the page) or asks to reload (Cockpit). */
export class LoginRequired extends Error {
  constructor() {
    super('未登录或登录已过期');
  }
}

/**
 * GET a JSON resource of our API with the browser's session. X-Requested-With asks the API not to challenge
 * for HTTP Basic, which would make the browser pop up its own login dialog.
 */
export async function getJson(url) {
  const response = await fetch(url, {
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (response.status === 401) {
    throw new LoginRequired();
  }
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : null;
  return { status: response.status, ok: response.ok, body };
}

function problemText(result) {
  const b = result.body || {};
  return b.detail || b.title || `请求失败（HTTP ${result.status}）`;
}

/** Whose a unit's file is: the task it was added from. */
const FILE_KINDS = { relay: '转发', study: '学习贯彻', report: '报告' };

/** An element with attributes, listeners (onclick …) and children; strings become text nodes. */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key === 'class') {
      element.className = value;
    } else if (key === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2), value);
    } else {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** Cockpit does not load our stylesheet; the page does. */
export function ensureStyles() {
  if (!document.querySelector('link[data-ncp-styles]')) {
    document.head.append(h('link', { rel: 'stylesheet', href: '/progress/progress-view.css', 'data-ncp-styles': '' }));
  }
}

function formatDateTime(value) {
  if (!value) {
    return '';
  }
  const [date, time] = String(value).split('T');
  return time ? `${date} ${time.slice(0, 5)}` : date;
}

function statusChip(status, label) {
  return h('span', { class: `ncp-chip ncp-s-${status || 'unknown'}` }, label || STATUS_LABELS[status] || status);
}

function message(kind, text) {
  return h('p', { class: `ncp-message ncp-${kind}`, role: kind === 'error' ? 'alert' : null }, text);
}

function showError(container, error, onLoginRequired) {
  if (error instanceof LoginRequired && onLoginRequired) {
    onLoginRequired();
    return;
  }
  container.replaceChildren(message('error', error instanceof LoginRequired
    ? '登录已过期，请刷新页面后重新登录。' : `加载失败：${error.message}`));
}

function legend() {
  const items = Object.entries(STATUS_LABELS).map(([status, label]) =>
    h('li', null, statusChip(status, label)));
  items.push(h('li', null, h('span', { class: 'ncp-chip ncp-overdue-chip' }, '逾期')));
  return h('ul', { class: 'ncp-legend', 'aria-label': '颜色说明' }, items);
}

// ---------------------------------------------------------------------------------------------- notice list

/**
 * The notices the user can see, newest first; {@code hrefFor(notice)} is where each one links to.
 * Options: hrefFor, onLoginRequired, title.
 */
export function mountNoticeList(container, options) {
  const pageSize = 50;
  const list = h('ul', { class: 'ncp-notices' });
  const more = h('button', { type: 'button', class: 'ncp-button', hidden: true }, '加载更多');
  const status = h('div');
  container.replaceChildren(h('section', { class: 'ncp ncp-notice-list' },
    options.title ? h('h2', { class: 'ncp-title' }, options.title) : null, status, list, more));
  let offset = 0;

  async function load() {
    status.replaceChildren(message('info', '正在加载…'));
    more.hidden = true;
    try {
      const result = await getJson(`/api/notices?limit=${pageSize}&offset=${offset}`);
      if (!result.ok) {
        status.replaceChildren(message('error', problemText(result)));
        return;
      }
      const notices = result.body || [];
      status.replaceChildren();
      if (offset === 0 && notices.length === 0) {
        status.replaceChildren(message('info', '暂无可查看的通知。'));
      }
      for (const notice of notices) {
        list.append(noticeItem(notice, options.hrefFor(notice)));
      }
      offset += notices.length;
      more.hidden = notices.length < pageSize;
    } catch (error) {
      showError(status, error, options.onLoginRequired);
    }
  }

  more.addEventListener('click', load);
  load();
}

function noticeItem(notice, href) {
  return h('li', { class: 'ncp-notice', dataset: { notice: notice.id } },
    h('a', { href, class: 'ncp-notice-link' },
      h('span', { class: 'ncp-notice-title' }, notice.title),
      h('span', { class: 'ncp-notice-meta' },
        notice.docNumber ? h('span', null, notice.docNumber) : null,
        h('span', null, notice.issuerUnitName || notice.issuerUnit),
        notice.reportDueDate ? h('span', null, `报告截止 ${notice.reportDueDate}`) : null,
        h('span', { class: `ncp-notice-status ncp-n-${String(notice.status).toLowerCase()}` },
          noticeStatusText(notice)))));
}

// 逾期未办结: still open after its chase-days, nobody closed it (the API's overdueUnclosed)
function noticeStatusText(notice) {
  return notice.overdueUnclosed ? '逾期未办结' : (NOTICE_STATUS_LABELS[notice.status] || notice.status);
}

// 已办结: who closed it, when, and why
function closingLine(notice) {
  const e = notice.ending;
  if (notice.status !== 'CLOSED' || !e || !e.closedAt) {
    return null;
  }
  const when = String(e.closedAt).replace('T', ' ').slice(0, 16);
  return h('p', { class: 'ncp-closed' }, `已办结：${e.closedBy || '系统'} 于 ${when} 办结`,
    e.closeReason ? `，理由：${e.closeReason}` : '');
}

// ------------------------------------------------------------------------------------------ progress of one

/**
 * One notice's progress: header, rates, the tree of units (each node loads its children when opened), the
 * overdue list and the Excel export. Options: noticeId, unit (a subtree root, optional), onLoginRequired,
 * backHref / backLabel (a link above the title).
 */
export function mountProgress(container, options) {
  const view = new ProgressView(container, options);
  view.load();
  return view;
}

class ProgressView {
  constructor(container, options) {
    this.container = container;
    this.options = options;
    this.noticeId = encodeURIComponent(options.noticeId);
    this.unit = options.unit || '';
  }

  progressUrl(unit) {
    const q = new URLSearchParams({ depth: '1' });
    if (unit) {
      q.set('unit', unit);
    }
    return `/api/notices/${this.noticeId}/progress?${q}`;
  }

  async load() {
    this.container.replaceChildren(h('div', { class: 'ncp' }, message('info', '正在加载…')));
    try {
      const unitQuery = this.unit ? `?unit=${encodeURIComponent(this.unit)}` : '';
      const [notice, progress, overdue] = await Promise.all([
        getJson(`/api/notices/${this.noticeId}`),
        getJson(this.progressUrl(this.unit)),
        getJson(`/api/notices/${this.noticeId}/overdue${unitQuery}`).catch((error) => {
          if (error instanceof LoginRequired) {
            throw error;
          }
          return { status: 0, ok: false, body: null };
        }),
      ]);
      for (const result of [notice, progress]) {
        if (!result.ok) {
          this.container.replaceChildren(h('div', { class: 'ncp' }, this.back(), message('error', problemText(result))));
          return;
        }
      }
      this.render(notice.body, progress.body, overdue);
    } catch (error) {
      showError(this.container, error, this.options.onLoginRequired);
    }
  }

  back() {
    return this.options.backHref
      ? h('a', { class: 'ncp-back', href: this.options.backHref }, this.options.backLabel || '← 全部通知') : null;
  }

  render(notice, progress, overdue) {
    const overdueList = overdue.ok && Array.isArray(overdue.body) ? overdue.body : null;
    const root = progress.units.find((u) => u.unitCode === progress.rootUnit);
    const exportHref = `/api/notices/${this.noticeId}/progress.xlsx?unit=${encodeURIComponent(progress.rootUnit)}`;

    const view = h('div', { class: 'ncp ncp-progress', dataset: { notice: notice.id, root: progress.rootUnit } },
      this.back(),
      h('h2', { class: 'ncp-title' }, notice.title),
      h('p', { class: 'ncp-meta' },
        notice.docNumber ? h('span', null, notice.docNumber) : null,
        h('span', null, `发文单位：${notice.issuerUnitName || notice.issuerUnit}`),
        notice.issuedOn ? h('span', null, `成文日期：${notice.issuedOn}`) : null,
        notice.reportDueDate ? h('span', null, `报告截止：${notice.reportDueDate}`) : null,
        h('span', null, `状态：${noticeStatusText(notice)}`)),
      closingLine(notice),
      root ? h('p', { class: 'ncp-scope' }, `显示范围：${root.unitName}及其下级单位`) : null,
      this.rates(progress),
      h('div', { class: 'ncp-toolbar' },
        h('a', { class: 'ncp-button ncp-export', href: exportHref, download: '' }, '导出 Excel'),
        h('button', { type: 'button', class: 'ncp-button', onclick: () => this.load() }, '刷新')),
      h('section', { class: 'ncp-section' },
        h('h3', null, '传达情况'),
        legend(),
        this.tree(notice, progress, root)),
      this.relayTimes(progress),
      this.copies(progress),
      h('section', { class: 'ncp-section ncp-overdue-section' },
        h('h3', null, overdueList && overdueList.length ? `逾期单位（${overdueList.length}）` : '逾期单位'),
        this.overdueList(overdue, overdueList)));
    this.container.replaceChildren(view);
  }

  rates(progress) {
    const t = progress.totals;
    const card = (key, label, value, detail) => h('div', { class: 'ncp-rate', dataset: { rate: key } },
      h('span', { class: 'ncp-rate-label' }, label),
      h('span', { class: 'ncp-rate-value' }, value),
      detail ? h('span', { class: 'ncp-rate-detail' }, detail) : null);
    return h('div', { class: 'ncp-rates' },
      card('reached', '到达单位', String(t.reached), null),
      card('acknowledgedRate', '签收率', progress.acknowledgedRate, `已签收 ${t.acknowledged}`),
      card('relayedRate', '传达率', progress.relayedRate, `已传达 ${t.relayed}`),
      card('reportedRate', '报告率', progress.reportedRate, `已报告 ${t.reported} / 应报告 ${t.mustReport}`),
      card('acceptedRate', '审核通过率', progress.acceptedRate, `已通过 ${t.accepted} / 已报告 ${t.reported}`),
      card('completedRate', '办结率', progress.completedRate, `已通过 ${t.accepted} / 应报告 ${t.mustReport}`),
      card('returned', '退回修改', String(t.returned), null),
      card('overdue', '逾期', String(t.overdue),
        `督办中 ${t.escalated}` + (t.overdueUnclosed ? ` · 逾期未办结 ${t.overdueUnclosed}` : '')));
  }

  tree(notice, progress, root) {
    const list = h('ul', { class: 'ncp-tree', role: 'tree', 'aria-label': '传达树' });
    if (root) {
      const children = progress.units.filter((u) => u.superiorCode === root.unitCode);
      list.append(this.node(root, children));
    } else {
      // the issuer is the root: it is not a unit of its own cascade, so it heads the tree as a caption
      const top = progress.units.filter((u) => u.superiorCode === progress.rootUnit);
      const issuer = h('li', { class: 'ncp-node ncp-issuer', role: 'treeitem', 'aria-expanded': 'true' },
        h('div', { class: 'ncp-row' },
          h('span', { class: 'ncp-head' },
            h('span', { class: 'ncp-chip ncp-s-issuer' }, '发文'),
            h('span', { class: 'ncp-name' }, notice.issuerUnitName || notice.issuerUnit)),
          info(h('span', { class: 'ncp-counts' }, `主送 ${top.length} 个单位`)),
          this.auditButton(progress.rootUnit, notice.issuerUnitName || notice.issuerUnit)),
        h('ul', { class: 'ncp-children', role: 'group' }, top.map((u) => this.node(u, null))));
      list.append(issuer);
      if (top.length === 0) {
        list.append(h('li', { class: 'ncp-empty' }, '通知尚未到达任何单位。'));
      }
    }
    return list;
  }

  /** A unit's node; {@code children} given means they are known and shown, null means load them on opening. */
  node(unit, children) {
    const s = unit.subtree;
    const hasChildren = s.reached > 1;
    const late = unit.overdue;

    const childList = h('ul', { class: 'ncp-children', role: 'group', hidden: true });
    const toggle = hasChildren
      ? h('button', { type: 'button', class: 'ncp-toggle', 'aria-expanded': 'false',
        'aria-label': `展开${unit.unitName}的下级单位` }, '▸')
      : h('span', { class: 'ncp-toggle-spacer' });
    const item = h('li', {
      class: `ncp-node${late ? ' ncp-late' : ''}`, role: 'treeitem',
      'aria-expanded': hasChildren ? 'false' : null,
      dataset: { unit: unit.unitCode, status: unit.status },
    },
    h('div', { class: 'ncp-row', title: this.times(unit) },
      h('span', { class: 'ncp-head' },
        toggle,
        statusChip(unit.status, unit.statusLabel),
        h('span', { class: 'ncp-name' }, unit.unitName)),
      info(
        late ? h('span', { class: 'ncp-flag ncp-flag-late' }, unit.daysLate ? `逾期 ${unit.daysLate} 天` : '逾期') : null,
        unit.escalated ? h('span', { class: 'ncp-flag ncp-flag-escalated' }, '已督办') : null,
        unit.mustReport === false ? h('span', { class: 'ncp-flag ncp-flag-study-only' }, '仅学习') : null,
        unit.relayKeptAt ? h('span', { class: 'ncp-flag ncp-flag-kept', title: unit.relayKeepReason || '' },
          `不再下发：${unit.relayKeepReason || ''}`) : null,
        unit.relayTitle ? h('span', { class: 'ncp-flag ncp-flag-forward', title: forwardText(unit) },
          forwardText(unit)) : null,
        unit.remindersSent ? h('span', { class: 'ncp-flag' }, `催办 ${unit.remindersSent} 次`) : null,
        unit.returnCount ? h('span', { class: 'ncp-flag' }, `退回 ${unit.returnCount} 次`) : null,
        unit.acknowledgedAt ? this.filesButton(unit) : null,
        hasChildren ? this.counts(s) : null,
        hasChildren ? this.bar(s) : null),
      this.auditButton(unit.unitCode, unit.unitName)),
    childList);

    let loaded = false;
    const open = async (expand) => {
      if (expand && !loaded) {
        toggle.disabled = true;
        childList.hidden = false;
        childList.replaceChildren(h('li', { class: 'ncp-empty' }, '正在加载…'));
        try {
          const result = await getJson(this.progressUrl(unit.unitCode));
          if (!result.ok) {
            childList.replaceChildren(h('li', { class: 'ncp-empty ncp-error' }, problemText(result)));
            return;
          }
          const kids = result.body.units.filter((u) => u.superiorCode === unit.unitCode);
          childList.replaceChildren(...kids.map((u) => this.node(u, null)));
          loaded = true;
        } catch (error) {
          if (error instanceof LoginRequired && this.options.onLoginRequired) {
            this.options.onLoginRequired();
            return;
          }
          childList.replaceChildren(h('li', { class: 'ncp-empty ncp-error' }, `加载失败：${error.message}`));
          return;
        } finally {
          toggle.disabled = false;
        }
      }
      childList.hidden = !expand;
      toggle.textContent = expand ? '▾' : '▸';
      toggle.setAttribute('aria-expanded', String(expand));
      toggle.setAttribute('aria-label', `${expand ? '收起' : '展开'}${unit.unitName}的下级单位`);
      item.setAttribute('aria-expanded', String(expand));
    };
    if (hasChildren) {
      // the whole row opens and closes the node (a finger finds it more easily than the button, whose clicks
      // arrive here too)
      const row = item.firstElementChild;
      row.classList.add('ncp-openable');
      row.addEventListener('click', () => {
        if (!toggle.disabled) {
          open(childList.hidden || !loaded);
        }
      });
      if (children) {
        childList.replaceChildren(...children.map((u) => this.node(u, null)));
        loaded = true;
        open(true);
      }
    } else {
      // a unit without subordinates has nothing to open: clicking it shows its 留痕
      const row = item.firstElementChild;
      row.classList.add('ncp-openable');
      row.addEventListener('click', () => row.querySelector('.ncp-audit-button').click());
    }
    return item;
  }

  /**
   * 附件 (shown once the unit acknowledged; its files come after): the unit's own files (转发, study photos,
   * report files), loaded when asked for and listed under its row; the click stays with the button, not the row.
   */
  filesButton(unit) {
    const button = h('button', { type: 'button', class: 'ncp-flag ncp-files-button', 'aria-expanded': 'false' }, '附件');
    let list = null;
    button.addEventListener('click', async (event) => {
      event.stopPropagation();
      if (list) {
        list.remove();
        list = null;
        button.setAttribute('aria-expanded', 'false');
        return;
      }
      list = h('ul', { class: 'ncp-files' }, h('li', { class: 'ncp-empty' }, '正在加载…'));
      button.closest('.ncp-row').after(list);
      button.setAttribute('aria-expanded', 'true');
      const shown = list;
      try {
        const result = await getJson(
          `/api/notices/${this.noticeId}/units/${encodeURIComponent(unit.unitCode)}/attachments`);
        if (!result.ok) {
          shown.replaceChildren(h('li', { class: 'ncp-empty ncp-error' }, problemText(result)));
          return;
        }
        shown.replaceChildren(...(result.body.length ? result.body.map((f) => h('li', { class: 'ncp-file' },
          h('a', { href: f.href, download: f.fileName }, f.fileName),
          ` ${FILE_KINDS[f.ownerKind] || ''} · ${f.uploadedBy} · ${formatDateTime(f.uploadedAt)}`))
          : [h('li', { class: 'ncp-empty' }, '本单位没有附件')]));
      } catch (error) {
        shown.replaceChildren(h('li', { class: 'ncp-empty ncp-error' }, `加载失败：${error.message}`));
      }
    });
    return button;
  }

  /** The 留痕 button of a row: opens and closes the unit's panel under the row, without opening the node. */
  auditButton(unitCode, unitName) {
    return h('button', {
      type: 'button', class: 'ncp-button ncp-audit-button', 'aria-expanded': 'false',
      'aria-label': `查看${unitName}的留痕`,
      onclick: (event) => {
        event.stopPropagation();
        const button = event.currentTarget;
        const row = button.closest('.ncp-row');
        const shown = row.nextElementSibling && row.nextElementSibling.classList.contains('ncp-audit')
          ? row.nextElementSibling : null;
        if (shown) {
          shown.remove();
          button.setAttribute('aria-expanded', 'false');
          return;
        }
        const panel = h('section', { class: 'ncp-audit', dataset: { unit: unitCode }, 'aria-label': `${unitName}的留痕` },
          h('h4', null, `${unitName} · 留痕`));
        row.after(panel);
        button.setAttribute('aria-expanded', 'true');
        this.loadAudit(panel, unitCode, 0);
      },
    }, '留痕');
  }

  /** A page of one unit's steps, oldest first; 更多 fetches the next page. */
  async loadAudit(panel, unitCode, offset) {
    const pageSize = 100;
    const loading = message('info', '正在加载…');
    panel.append(loading);
    try {
      const q = new URLSearchParams({ unit: unitCode, limit: String(pageSize), offset: String(offset) });
      const result = await getJson(`/api/notices/${this.noticeId}/audit?${q}`);
      loading.remove();
      if (!result.ok) {
        panel.append(message('error', problemText(result)));
        return;
      }
      const entries = result.body.entries;
      if (offset === 0 && entries.length === 0) {
        panel.append(message('info', '暂无留痕'));
        return;
      }
      let table = panel.querySelector('tbody');
      if (!table) {
        table = h('tbody');
        panel.append(h('div', { class: 'ncp-table-wrap' }, h('table', { class: 'ncp-table ncp-audit-table' },
          h('thead', null, h('tr', null, ['时间', '环节', '办理人', '内容'].map((c) => h('th', null, c)))),
          table)));
      }
      table.append(...entries.map((e) => h('tr', { dataset: { step: e.step } },
        h('td', { class: 'ncp-nowrap' }, formatDateTime(e.at)),
        h('td', null, e.stepLabel),
        h('td', null, e.actorName, e.actorUnitName ? h('span', { class: 'ncp-audit-unit' }, `（${e.actorUnitName}）`) : null),
        h('td', { class: 'ncp-audit-detail' }, e.detail || ''))));
      if (entries.length === pageSize) {
        const more = h('button', { type: 'button', class: 'ncp-button ncp-audit-more' }, '更多');
        more.addEventListener('click', () => {
          more.remove();
          this.loadAudit(panel, unitCode, offset + pageSize);
        });
        panel.append(more);
      }
    } catch (error) {
      loading.remove();
      if (error instanceof LoginRequired && this.options.onLoginRequired) {
        this.options.onLoginRequired();
        return;
      }
      panel.append(message('error', `加载失败：${error.message}`));
    }
  }

  counts(s) {
    const parts = [`共 ${s.reached} 个单位`, `签收 ${s.acknowledged}`, `传达 ${s.relayed}`, `报告 ${s.reported}`,
      `通过 ${s.accepted}`];
    if (s.returned) {
      parts.push(`退回 ${s.returned}`);
    }
    if (s.overdue) {
      parts.push(`逾期 ${s.overdue}`);
    }
    if (s.overdueUnclosed) {
      parts.push(`逾期未办结 ${s.overdueUnclosed}`);
    }
    if (s.escalated) {
      parts.push(`督办 ${s.escalated}`);
    }
    return h('span', { class: 'ncp-counts' }, parts.join(' · '));
  }

  /**
   * The subtree's reports at a glance: accepted, then reported (not yet accepted), of the units that must report;
   * its label gives the rates as the API computed them.
   */
  bar(s) {
    const pct = (n) => `${s.mustReport ? Math.round((1000 * n) / s.mustReport) / 10 : 0}%`;
    const accepted = h('span', { class: 'ncp-bar-accepted' });
    const reported = h('span', { class: 'ncp-bar-reported' });
    accepted.style.width = pct(s.accepted);
    reported.style.width = pct(Math.max(0, s.reported - s.accepted));
    const label = `报告率 ${s.reportedRate} · 审核通过率 ${s.acceptedRate} · 办结率 ${s.completedRate}`;
    return h('span', { class: 'ncp-bar', role: 'img', title: label, 'aria-label': label }, accepted, reported);
  }

  times(unit) {
    const steps = [['receivedAt', '收文'], ['acknowledgedAt', '签收'], ['relayedAt', '传达'], ['studiedAt', '学习'],
      ['reportedAt', '报告'], ['acceptedAt', '通过']];
    const lines = steps.filter(([k]) => unit[k]).map(([k, label]) => `${label}：${formatDateTime(unit[k])}`);
    if (unit.reportDueDate) {
      lines.push(`报告截止：${unit.reportDueDate}`);
    }
    return lines.join('\n');
  }

  overdueList(result, list) {
    if (!list) {
      return message('info', result.status === 404 ? '逾期清单暂不可用。' : '逾期清单加载失败。');
    }
    if (list.length === 0) {
      return message('info', '暂无逾期单位');
    }
    return h('ul', { class: 'ncp-overdue' }, list.map((o) => h('li', {
      class: `ncp-overdue-item${o.reportedAt ? ' ncp-reported-late' : ''}`, dataset: { unit: o.unitCode },
    },
    h('div', { class: 'ncp-overdue-head' },
      h('strong', null, o.unitName),
      h('span', { class: 'ncp-flag ncp-flag-late' }, `逾期 ${o.daysLate} 天`),
      o.escalated ? h('span', { class: 'ncp-flag ncp-flag-escalated' }, '督办中') : null),
    h('div', { class: 'ncp-overdue-meta' },
      o.superiorName ? h('span', null, `上级：${o.superiorName}`) : null,
      h('span', null, `报告截止：${o.reportDueDate}`),
      h('span', null, `催办 ${o.remindersSent ?? 0} 次`),
      o.escalatedAt ? h('span', null, `督办于 ${formatDateTime(o.escalatedAt)}`) : null,
      o.issuerNotifiedAt ? h('span', null, `已告知发文单位领导（${formatDateTime(o.issuerNotifiedAt)}）`) : null,
      h('span', null, o.reportedAt ? `已于 ${formatDateTime(o.reportedAt)} 补报` : '尚未报告')))));
  }

  /** 传达用时 by level of the part shown, as a table; none before any unit has relayed. */
  copies(progress) {
    const c = progress.copies;
    if (!c || c.copied === 0) {
      return null;
    }
    return h('section', { class: 'ncp-section ncp-extra ncp-copies', dataset: { field: 'copies' } },
      h('h3', null, `抄送单位（${c.copied}）`),
      h('div', { class: 'ncp-rates' },
        h('div', { class: 'ncp-rate', dataset: { rate: 'readRate' } },
          h('span', { class: 'ncp-rate-label' }, '阅知率'),
          h('span', { class: 'ncp-rate-value' }, c.readRate),
          h('span', { class: 'ncp-rate-detail' }, `已阅知 ${c.read} / 抄送 ${c.copied}`))),
      h('div', { class: 'ncp-table-wrap' },
        h('table', { class: 'ncp-table' },
          h('thead', null, h('tr', null, h('th', null, '单位'), h('th', null, '收文时间'), h('th', null, '阅知时间'))),
          h('tbody', null, c.units.map((u) => h('tr', { dataset: { unit: u.unitCode } },
            h('td', null, u.unitName),
            h('td', null, formatDateTime(u.receivedAt)),
            h('td', null, u.readAt ? formatDateTime(u.readAt) : '未阅知')))))));
  }

  relayTimes(progress) {
    const rows = progress.relayTimes;
    if (rows.length === 0) {
      return null;
    }
    return h('section', { class: 'ncp-section ncp-extra', dataset: { field: 'relayTimes' } },
      h('h3', null, '各层级传达用时'),
      h('div', { class: 'ncp-table-wrap' },
        h('table', { class: 'ncp-table' },
          h('thead', null, h('tr', null, RELAY_TIME_COLUMNS.map(([, label]) => h('th', null, label)))),
          h('tbody', null, rows.map((r) => h('tr', null,
            RELAY_TIME_COLUMNS.map(([c]) => h('td', null, cell(c, r[c])))))))));
  }
}

/** The second part of a node's row (flags, counts): beside the name on a wide screen, under it on a phone. */
/** The unit's own 转发 (issue 22): its 文号 when it gave one, and its title. */
function forwardText(unit) {
  return `转发：${unit.relayDocNumber ? `${unit.relayDocNumber} ` : ''}${unit.relayTitle}`;
}

function info(...parts) {
  const present = parts.filter((p) => p);
  return present.length ? h('span', { class: 'ncp-info' }, present) : null;
}

function cell(column, value) {
  if (value === null || value === undefined) {
    return '—';
  }
  if (column === 'level') {
    return `第 ${value} 级`;
  }
  if (typeof value === 'number' && !Number.isInteger(value)) {
    return value.toFixed(1);
  }
  return String(value);
}
