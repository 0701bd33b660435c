import { useTranslation } from 'react-i18next';
import type { i18n as I18n } from 'i18next';
import { parsePeriod } from '../../../src/domain/period-code';
import { pickText, type Language } from './text';
import type { LocalizedText } from '../api/types';

/** Made on first use: an Intl formatter costs milliseconds to build (tens on a slow phone). */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** Locale-aware formatting in one language (Intl); one set per language, shared by every component. */
function formatsOf(i18n: I18n, lang: Language) {
  const locale = lang === 'vi' ? 'vi-VN' : lang === 'zh' ? 'zh-CN' : lang === 'ar' ? 'ar' : 'en-GB';
  const num = once(() => new Intl.NumberFormat(locale));
  const pct = once(() => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }));
  const pct1 = once(() => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }));
  const day = once(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }));
  const dayTime = once(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }));
  const plain = once(() => new Intl.NumberFormat(locale, { useGrouping: false }));
  const monthName = once(() => new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }));
  const monthYear = once(() => new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }));
  const fixedBy = new Map<number, Intl.NumberFormat>();
  const t = i18n.getFixedT(lang);
  return {
    lang,
    locale,
    number: (n: number) => num().format(n),
    /** A number with exactly `digits` decimals (one count for every figure of a chart or table). */
    fixed: (n: number, digits: number) => {
      let nf = fixedBy.get(digits);
      if (!nf) {
        nf = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
        fixedBy.set(digits, nf);
      }
      return nf.format(n);
    },
    percent: (share: number | null | undefined) => (share === null || share === undefined ? '—' : pct().format(share)),
    percent1: (share: number | null | undefined) =>
      share === null || share === undefined ? '—' : pct1().format(share),
    /** A whole percent 0–100 as stored on reports. */
    wholePercent: (p: number) => pct().format(p / 100),
    date: (iso: string | null | undefined) => (iso ? day().format(new Date(`${iso.slice(0, 10)}T00:00:00Z`)) : '—'),
    dateTime: (iso: string | null | undefined) => (iso ? dayTime().format(new Date(iso)) : '—'),
    text: (x: LocalizedText | null | undefined) => pickText(x, lang),
    /** An indicator's unit in the UI language ("rank", "services"); a symbol or acronym (%, PUE) as it is. */
    unit: (u: string) => (/^[a-z][a-z_]*$/.test(u) ? t(`measureUnit.${u}`, { defaultValue: u }) : u),
    /** A period code as people say it: "Tháng 3/2024", "2024年第1季度", "Q1 2024"; an unknown code as it is. */
    period: (code: string) => {
      const p = parsePeriod(code);
      if (!p) return code;
      const name = p.type === 'month' ? monthName().format(new Date(Date.UTC(p.year, p.index - 1, 15))) : '';
      const month = name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
      return t(`period.${p.type}`, { year: plain().format(p.year), n: plain().format(p.index), month });
    },
    /** A tick of a time axis (milliseconds): the year on 1 January, else month and year. */
    timeTick: (ms: number) => {
      const d = new Date(ms);
      return d.getUTCMonth() === 0 && d.getUTCDate() === 1 ? plain().format(d.getUTCFullYear()) : monthYear().format(d);
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
