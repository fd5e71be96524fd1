// Notice Cascade: loaded by Tasklist and Cockpit (customScripts). After a login with a one-time password the
// server answers every data call with 403 「请先修改初始密码」; the single-page app would only show errors, so the
// first such answer takes the browser to /password.
const CHANGE_FIRST = '请先修改初始密码';
const send = XMLHttpRequest.prototype.send;

XMLHttpRequest.prototype.send = function watched(...args) {
  this.addEventListener('load', () => {
    if (this.status === 403 && typeof this.responseText === 'string' && this.responseText.includes(CHANGE_FIRST)) {
      window.location.assign('/password');
    }
  });
  return send.apply(this, args);
};
