// Notice Cascade: this webapp in Simplified Chinese by default (English stays available).
export default {
  locales: {
    availableLocales: ['zh-CN', 'en'],
    fallbackLocale: 'zh-CN'
  },
};
