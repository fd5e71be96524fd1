// Notice Cascade: the task tab 附件 (plugin point tasklist.task.detail), loaded by config.js's customScripts.
// Camunda Forms has no file field, so a task's files are listed, downloaded and uploaded here, through
// /api/notices/{id}/attachments (docs/api.md, "Attachments"). Uploads use the Tasklist session with its CSRF token.

// the unit's tasks that take its own files, and the kind each adds
const UPLOAD_KINDS = { Task_Relay: 'relay', Task_Study: 'study', Task_Report: 'report' };
const KIND_LABELS = { notice: '通知', relay: '转发', study: '学习贯彻', report: '报告' };
// the issuer's tasks that also list the direct addressees' report files (reports=1)
const REPORT_TASKS = ['Task_Summary', 'Task_Track'];

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
  if (text !== undefined) {
    e.textContent = text;
  }
  return e;
}

async function json(url, init) {
  const r = await fetch(url, Object.assign({ credentials: 'same-origin', headers: { Accept: 'application/json' } },
    init || {}));
  const body = await r.json().catch(() => null);
  if (!r.ok) {
    const message = body && (body.detail || body.message) ? (body.detail || body.message) : '请求失败（' + r.status + '）';
    throw new Error(message);
  }
  return body;
}

/** A variable of the task's instance, or null when it has none. */
async function variable(api, taskId, name) {
  try {
    return (await json(api.engineApi + '/task/' + taskId + '/variables/' + name)).value;
  } catch (e) {
    return null;
  }
}

function csrfToken(api) {
  const cookie = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));
  return cookie ? decodeURIComponent(cookie.substring('XSRF-TOKEN='.length)) : api.CSRFToken;
}

function size(bytes) {
  return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + ' MB' : Math.max(1, Math.round(bytes / 1024)) + ' KB';
}

function whose(file) {
  const kind = KIND_LABELS[file.ownerKind] || file.ownerKind;
  return file.unitCode ? kind + '（' + (file.unitName || file.unitCode) + '）' : (file.main ? '正文' : '通知附件');
}

/** A list of files appended to {@code root}; returns its body, for {@link fill}. */
function table(root, cls) {
  const t = el('table', { class: 'table table-condensed ' + cls });
  const head = el('tr');
  ['文件名', '类别', '大小', '上传人', '上传时间'].forEach((h) => head.appendChild(el('th', {}, h)));
  t.appendChild(el('thead')).appendChild(head);
  const body = el('tbody');
  t.appendChild(body);
  root.appendChild(t);
  return body;
}

function fill(body, files, empty) {
  body.textContent = '';
  if (files.length === 0) {
    const row = el('tr');
    row.appendChild(el('td', { colspan: '5' }, empty || '暂无附件'));
    body.appendChild(row);
  }
  files.forEach((f) => {
    const row = el('tr');
    const name = el('td');
    name.appendChild(el('a', { href: f.href, download: f.fileName, class: 'nc-attachment-link' }, f.fileName));
    row.appendChild(name);
    row.appendChild(el('td', {}, whose(f)));
    row.appendChild(el('td', {}, size(f.size)));
    row.appendChild(el('td', {}, f.uploadedBy));
    row.appendChild(el('td', {}, (f.uploadedAt || '').replace('T', ' ').substring(0, 16)));
    body.appendChild(row);
  });
}

async function show(node, api, taskId) {
  node.textContent = '';
  const root = el('div', { class: 'nc-attachments', style: 'padding: 10px 15px' });
  node.appendChild(root);
  const task = await json(api.engineApi + '/task/' + taskId);
  const noticeId = await variable(api, taskId, 'noticeId');
  if (noticeId === null) {
    root.appendChild(el('p', {}, '此任务不属于任何通知，没有附件。'));
    return;
  }
  const unitCode = await variable(api, taskId, 'unitCode');
  const listUrl = '/api/notices/' + noticeId + '/attachments' + (unitCode ? '?unit=' + encodeURIComponent(unitCode) : '');
  const message = el('p', { class: 'nc-attachments-message', role: 'status' });

  const body = table(root, 'nc-attachments-list');
  // the issuer's 汇总 and 跟踪: the direct addressees' report files, each labelled with its unit
  // (placed below the upload form, which adds to the notice's own files above)
  const reports = el('div', { class: 'nc-attachments-reports-section', style: 'margin-top: 15px' });
  let reportsBody = null;
  if (!unitCode && REPORT_TASKS.includes(task.taskDefinitionKey)) {
    reports.appendChild(el('h4', { class: 'nc-attachments-reports-title' }, '各单位报告附件'));
    reportsBody = table(reports, 'nc-attachments-reports');
  }

  async function refresh() {
    try {
      fill(body, await json(listUrl));
      if (reportsBody) {
        fill(reportsBody, await json('/api/notices/' + noticeId + '/attachments?reports=1'), '各单位暂无报告附件');
      }
    } catch (e) {
      message.textContent = e.message;
    }
  }

  // who may add: the unit's clerks at 传达, 学习贯彻 and 报告; the issuer's clerks on the notice's own tasks
  const kind = unitCode ? UPLOAD_KINDS[task.taskDefinitionKey] : 'notice';
  if (kind) {
    const form = el('form', { class: 'form-inline nc-attachments-upload' });
    const input = el('input', { type: 'file', name: 'file', class: 'form-control', 'aria-label': '选择文件' });
    form.appendChild(input);
    let main = null;
    if (kind === 'notice') {
      const label = el('label', { style: 'margin: 0 10px; font-weight: normal' });
      main = el('input', { type: 'checkbox', name: 'main' });
      label.appendChild(main);
      label.appendChild(document.createTextNode(' 作为正文'));
      form.appendChild(label);
    }
    const button = el('button', { type: 'submit', class: 'btn btn-default' }, '上传');
    form.appendChild(button);
    form.appendChild(el('span', { class: 'help-block' },
      '可上传 PDF、OFD、DOC/DOCX、WPS、XLS/XLSX、JPG/PNG、ZIP，每个文件不超过 50 MB。'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!input.files.length) {
        message.textContent = '请先选择文件。';
        return;
      }
      const data = new FormData();
      data.append('file', input.files[0]);
      const url = unitCode
        ? '/api/notices/' + noticeId + '/units/' + encodeURIComponent(unitCode) + '/attachments?kind=' + kind
        : '/api/notices/' + noticeId + '/attachments' + (main && main.checked ? '?main=true' : '');
      button.disabled = true;
      message.textContent = '正在上传……';
      try {
        const added = await json(url, { method: 'POST', body: data,
          headers: { Accept: 'application/json', 'X-XSRF-TOKEN': csrfToken(api) } });
        message.textContent = '已上传：' + added.fileName;
        form.reset();
        await refresh();
      } catch (e) {
        message.textContent = '上传失败：' + e.message;
      } finally {
        button.disabled = false;
      }
    });
    root.appendChild(form);
  }
  root.appendChild(message);
  if (reportsBody) {
    root.appendChild(reports);
  }
  await refresh();
}

export default {
  id: 'notice-attachments',
  pluginPoint: 'tasklist.task.detail',
  priority: 50,
  properties: { label: '附件' },
  render: (node, { api, taskId }) => {
    show(node, api, taskId).catch((e) => {
      node.textContent = '附件加载失败：' + e.message;
    });
  }
};
