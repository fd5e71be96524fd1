// Notice Cascade: the /progress page for leaders who never open Cockpit. It logs in through Camunda's own login
// endpoint (the same webapp session as Tasklist and Cockpit) and then shows the list of notices, or one notice's
// progress with ?notice=ID (and ?unit=CODE for a unit's subtree).
import { h, mountNoticeList, mountProgress } from '/progress/progress-view.js';

const AUTH = '/camunda/api/admin/auth/user/default';
const TOKEN_KEY = 'noticeCascade.xsrf';

const main = document.getElementById('main');
const userLabel = document.getElementById('user');
const logoutButton = document.getElementById('logout');

/**
 * Camunda wants its CSRF token (header X-XSRF-TOKEN) on every POST, the login included. It hands the token out in
 * a response header on the first request of a session; its cookie is scoped to /camunda, out of this page's reach.
 */
function rememberToken(response) {
  const token = response.headers.get('X-XSRF-TOKEN');
  if (token && token !== 'Required') {
    sessionStorage.setItem(TOKEN_KEY, token);
  }
  return token && token !== 'Required' ? token : null;
}

/** The logged-in user's id, or null. */
async function whoAmI() {
  const response = await fetch(AUTH, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  rememberToken(response);
  if (!response.ok) {
    return null;
  }
  const body = await response.json();
  return body && body.userId ? body.userId : null;
}

/** Whether the user logged in with a one-time password and must choose their own first (the server's /password). */
async function mustChangePassword() {
  const response = await fetch('/api/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  return response.ok && (await response.json()).mustChangePassword === true;
}

async function csrfToken() {
  let response = await fetch(AUTH, { credentials: 'same-origin' });
  const fresh = rememberToken(response);
  if (fresh) {
    return fresh;
  }
  const known = sessionStorage.getItem(TOKEN_KEY);
  if (known) {
    return known;
  }
  // The session already holds a token this page never saw (it visited a Camunda page first). Camunda ends a
  // session on a POST without its token; the next request starts a new session and hands out a new token.
  await fetch(`${AUTH}/logout`, { method: 'POST', credentials: 'same-origin' });
  response = await fetch(AUTH, { credentials: 'same-origin' });
  return rememberToken(response);
}

async function logIn(username, password) {
  let token = await csrfToken();
  for (let attempt = 0; attempt < 2; attempt++) {
    const response = await fetch(`${AUTH}/login/welcome`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-XSRF-TOKEN': token || '' },
      body: new URLSearchParams({ username, password }),
    });
    if (response.ok) {
      // Camunda starts a new session on login; its first request will bring the new token
      sessionStorage.removeItem(TOKEN_KEY);
      return { ok: true };
    }
    if (response.status === 403 && response.headers.get('X-XSRF-TOKEN') === 'Required' && attempt === 0) {
      // a stale token: Camunda has dropped that session, so fetch a token for the new one and try once more
      sessionStorage.removeItem(TOKEN_KEY);
      token = await csrfToken();
      continue;
    }
    return { ok: false, status: response.status };
  }
  return { ok: false, status: 403 };
}

async function logOut() {
  const token = await csrfToken();
  await fetch(`${AUTH}/logout`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'X-XSRF-TOKEN': token || '' },
  });
  sessionStorage.removeItem(TOKEN_KEY);
  showLogin();
}

function showLogin(reason) {
  userLabel.textContent = '';
  logoutButton.hidden = true;
  document.title = '登录 - 通知传达进度';
  const username = h('input', { name: 'username', autocomplete: 'username', required: true, autocapitalize: 'off' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'login-error', role: 'alert' }, reason || '');
  const submit = h('button', { type: 'submit' }, '登录');
  const form = h('form', { class: 'login', id: 'login' },
    h('h2', null, '请登录'),
    h('p', null, '使用任务列表、驾驶舱的用户名和密码登录，登录后回到本页。'),
    h('label', null, '用户名', username),
    h('label', null, '密码', password),
    submit,
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.textContent = '';
    try {
      const result = await logIn(username.value.trim(), password.value);
      if (result.ok) {
        start();
        return;
      }
      // Camunda answers 401 for a wrong password and refuses further tries for a few seconds after one
      error.textContent = result.status === 401 || result.status === 403
        ? '用户名或密码错误（输错后需稍候几秒再试）。' : `登录失败（HTTP ${result.status}）。`;
    } catch (e) {
      error.textContent = `登录失败：${e.message}`;
    } finally {
      submit.disabled = false;
    }
  });
  main.replaceChildren(form);
  username.focus();
}

async function start() {
  main.replaceChildren(h('p', { class: 'ncp-message' }, '正在加载…'));
  let user;
  try {
    user = await whoAmI();
  } catch (e) {
    main.replaceChildren(h('p', { class: 'ncp-message ncp-error' }, `无法连接服务器：${e.message}`));
    return;
  }
  if (!user) {
    showLogin();
    return;
  }
  if (await mustChangePassword()) {
    window.location.assign('/password');
    return;
  }
  userLabel.textContent = user;
  logoutButton.hidden = false;
  const query = new URLSearchParams(window.location.search);
  const notice = query.get('notice');
  const onLoginRequired = () => showLogin('登录已过期，请重新登录。');
  if (notice && /^\d+$/.test(notice)) {
    document.title = '传达进度 - 通知传达进度';
    mountProgress(main, { noticeId: notice, unit: query.get('unit') || '', onLoginRequired, backHref: '/progress' });
  } else {
    document.title = '通知传达进度';
    mountNoticeList(main, {
      title: '通知列表',
      hrefFor: (n) => `/progress?notice=${encodeURIComponent(n.id)}`,
      onLoginRequired,
    });
  }
}

logoutButton.addEventListener('click', logOut);
start();
