/**
 * The texts of the first screen in the four languages, taken at build time from the app's own
 * catalogues (web/src/i18n/*.json: their `myWork` and `timeliness` sections) by vite.config.ts, so
 * the first screen is drawn without waiting for a catalogue file.
 */
declare module 'virtual:first-screen-strings' {
  const strings: Record<'vi' | 'en' | 'zh' | 'ar', Record<string, unknown>>;
  export default strings;
}
