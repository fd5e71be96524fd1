// Notice Cascade: this webapp in Simplified Chinese by default (English stays available), and the notice
// progress plugins (scripts/notice-progress.js: tab 传达进度, dashboard entry 通知传达进度).
export default {
  customScripts: ['scripts/notice-progress.js', 'scripts/first-password.js'],
  locales: {
    availableLocales: ['zh-CN', 'en'],
    fallbackLocale: 'zh-CN'
  },
};
