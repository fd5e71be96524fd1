// Notice Cascade: the English words Camunda Forms and its date picker print on their own (placeholders, empty
// lists, validation messages, month and weekday names). They are fixed in form-js's bundle and Tasklist 7.24 has
// no translation hook for them, so this script, loaded by config.js's customScripts, rewrites exactly those words.

const WORDS = {
  'Select': '请选择',
  'No results': '没有匹配的选项',
  'All values selected': '已全部选中',
  'Field is required.': '此项必填。',
  'Field must be a valid email.': '请填写有效的电子邮箱地址。'
};
const PATTERNS = [
  [/^Field must have minimum value of (.+)\.$/, '不能小于 $1。'],
  [/^Field must have maximum value of (.+)\.$/, '不能大于 $1。'],
  [/^Field must have minimum length of (.+)\.$/, '至少填写 $1 个字。'],
  [/^Field must have maximum length of (.+)\.$/, '不能超过 $1 个字。'],
  [/^Field must match pattern (.+)\.$/, '格式不符合要求。']
];
const PLACEHOLDERS = { 'Search': '输入名称检索', 'yyyy/mm/dd': '年/月/日' };
const TITLES = { 'Remove tag': '移除' };
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];
MONTHS.forEach((month, i) => { WORDS[month] = (i + 1) + '月'; });
const WEEKDAYS = { Sun: '日', Mon: '一', Tue: '二', Wed: '三', Thu: '四', Fri: '五', Sat: '六' };
Object.assign(WORDS, WEEKDAYS);

function chinese(english) {
  if (Object.prototype.hasOwnProperty.call(WORDS, english)) {
    return WORDS[english];
  }
  for (const [pattern, zh] of PATTERNS) {
    if (pattern.test(english)) {
      return english.replace(pattern, zh);
    }
  }
  return undefined;
}

// The text node itself is changed, never replaced: form-js (Preact) keeps a handle on it and would otherwise
// put its English back beside ours on the next render.
function translateText(element) {
  element.childNodes.forEach(node => {
    if (node.nodeType === Node.TEXT_NODE) {
      const zh = chinese(node.nodeValue.trim());
      if (zh !== undefined) {
        node.nodeValue = zh;
      }
    }
  });
}

function translateAttribute(element, name, words) {
  const now = element.getAttribute(name);
  if (now !== null && Object.prototype.hasOwnProperty.call(words, now)) {
    element.setAttribute(name, words[now]);
  }
}

function translate(root) {
  root.querySelectorAll('.fjs-select-placeholder, .fjs-dropdownlist-empty, .fjs-form-field-error, .fjs-form-field-error *,'
    + ' .flatpickr-monthDropdown-month, .flatpickr-current-month .cur-month, .flatpickr-weekday').forEach(translateText);
  root.querySelectorAll('.fjs-taglist-input, .flatpickr-input').forEach(e => translateAttribute(e, 'placeholder', PLACEHOLDERS));
  root.querySelectorAll('.fjs-taglist-tag-remove').forEach(e => translateAttribute(e, 'title', TITLES));
}

// Tasklist takes its language from the browser's first one, English only for English (docs/design.md,
// "Webapps in Chinese"); its forms follow.
function browserPrefersEnglish() {
  const first = (navigator.languages && navigator.languages[0]) || navigator.language || '';
  return first.toLowerCase().startsWith('en');
}

// Only the words above are ever changed, so a second pass finds nothing to do and the observer settles.
let pending = false;
const observer = new MutationObserver(() => {
  if (!pending) {
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      translate(document.body);
    });
  }
});
if (!browserPrefersEnglish()) {
  observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
}
