import { useTranslation } from 'react-i18next';
import type { i18n as I18n } from 'i18next';
import { parsePeriod } from '../../../src/domain/period-code';
import { pickText, type Language } from './text';
import type { LocalizedText } from '../api/types';
import { firstScreenFormats, memoized, once } from './format-memo';

/** Locale-aware formatting in one language (Intl); one set per language, shared by every component. */
function formatsOf(i18n: I18n, lang: Language) {
  // The first screen's formatters (numbers, dates, date and time) are shared with first-screen/.
  const first = firstScreenFormats(lang);
  const locale = first.locale;
  const pct = memoized(
    locale,
    'p',
    once(() => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 })),
  );
  const pct1 = once(() => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }));
  const plain = memoized(
    locale,
    'i',
    once(() => new Intl.NumberFormat(locale, { useGrouping: false })),
  );
  const monthName = memoized(
    locale,
    'm',
    once(() => new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' })),
  );
  const monthYear = once(() => new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }));
  const fixedBy = new Map<number, Intl.NumberFormat>();
  const t = i18n.getFixedT(lang);
  return {
    lang,
    locale,
    number: first.number,
    /** A number with exactly `digits` decimals (one count for every figure of a chart or table). */
    fixed: (n: number, digits: number) => {
      let nf = fixedBy.get(digits);
      if (!nf) {
        nf = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
        fixedBy.set(digits, nf);
      }
      return nf.format(n);
    },
    percent: (share: number | null | undefined) => (share === null || share === undefined ? '—' : pct(share)),
    percent1: (share: number | null | undefined) =>
      share === null || share === undefined ? '—' : pct1().format(share),
    /** A whole percent 0–100 as stored on reports. */
    wholePercent: (p: number) => pct(p / 100),
    date: first.date,
    dateTime: first.dateTime,
    text: (x: LocalizedText | null | undefined) => pickText(x, lang),
    /** An indicator's unit in the UI language ("rank", "services"); a symbol or acronym (%, PUE) as it is. */
    unit: (u: string) => (/^[a-z][a-z_]*$/.test(u) ? t(`measureUnit.${u}`, { defaultValue: u }) : u),
    /** A period code as people say it: "Tháng 3/2024", "2024年第1季度", "Q1 2024"; an unknown code as it is. */
    period: (code: string) => {
      const p = parsePeriod(code);
      if (!p) return code;
      const name = p.type === 'month' ? monthName(new Date(Date.UTC(p.year, p.index - 1, 15))) : '';
      const month = name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
      return t(`period.${p.type}`, { year: plain(p.year), n: plain(p.index), month });
    },
    /** A tick of a time axis (milliseconds): the year on 1 January, else month and year. */
    timeTick: (ms: number) => {
      const d = new Date(ms);
      return d.getUTCMonth() === 0 && d.getUTCDate() === 1 ? plain(d.getUTCFullYear()) : monthYear().format(d);
    },
  };
}

const FORMATS = new Map<Language, ReturnType<typeof formatsOf>>();

/** Locale-aware formatting for the current UI language (Intl). */
export function useFormat(): ReturnType<typeof formatsOf> {
  const { i18n } = useTranslation();
  const lang = (i18n.resolvedLanguage ?? 'en') as Language;
  let formats = FORMATS.get(lang);
  if (!formats) FORMATS.set(lang, (formats = formatsOf(i18n, lang)));
  return formats;
}
