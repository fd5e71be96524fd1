// Notice Cascade: the /password page. A person logged in with a one-time password is sent here by the server
// until they choose their own. The change is posted with the old password as HTTP Basic credentials, so it works
// with or without a webapp session, and nothing but the password's owner can make it.
const form = document.getElementById('password-form');
const username = document.getElementById('username');
const oldPassword = document.getElementById('old');
const newPassword = document.getElementById('new');
const repeat = document.getElementById('repeat');
const submit = document.getElementById('submit');
const error = document.getElementById('error');
const userLabel = document.getElementById('user');

/** Basic credentials in UTF-8, which btoa alone cannot encode. */
function basic(user, password) {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let text = '';
  bytes.forEach((b) => { text += String.fromCharCode(b); });
  return `Basic ${btoa(text)}`;
}

async function whoAmI() {
  try {
    const response = await fetch('/api/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (response.ok) {
      const me = await response.json();
      username.value = me.userId;
      username.readOnly = true;
      userLabel.textContent = me.name || me.userId;
      oldPassword.focus();
      return;
    }
  } catch (e) {
    // not logged in: the form asks for the user name too
  }
  username.focus();
}

function done() {
  const links = document.createElement('p');
  links.append('密码已修改。请用新密码继续使用：');
  [['/camunda/app/tasklist/', '任务列表'], ['/progress', '通知传达进度']].forEach(([href, text], i) => {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    if (i > 0) {
      links.append('、');
    }
    links.append(a);
  });
  const box = document.createElement('div');
  box.className = 'login';
  box.append(links);
  form.replaceWith(box);
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  if (newPassword.value !== repeat.value) {
    error.textContent = '两次输入的新密码不一致。';
    return;
  }
  submit.disabled = true;
  try {
    const response = await fetch('/api/me/password', {
      method: 'POST',
      credentials: 'omit',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        Authorization: basic(username.value.trim(), oldPassword.value),
      },
      body: JSON.stringify({ oldPassword: oldPassword.value, newPassword: newPassword.value }),
    });
    if (response.ok) {
      done();
      return;
    }
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (response.status === 401) {
      error.textContent = '用户名或初始密码不正确。';
    } else if (body && Array.isArray(body.errors)) {
      error.textContent = body.errors.map((p) => p.message).join('；');
    } else {
      error.textContent = (body && body.detail) || `修改失败（HTTP ${response.status}）。`;
    }
  } catch (e) {
    error.textContent = `无法连接服务器：${e.message}`;
  } finally {
    submit.disabled = false;
  }
});

whoAmI();
