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

/**
 * The strings this device has formatted, by locale, formatter and value, kept in localStorage so a
 * return visit draws its first screen (the last-known "my work": lib/last-work.ts) without building
 * any Intl formatter: the first one a page builds starts ICU, ~50 ms of main thread (~200 ms on a
 * phone 4× slower), before anything is drawn. The least recently used go beyond MEMO_MAX (kept when
 * a new string is added); a missing or unreadable copy only means formatting again.
 */
const MEMO_KEY = 'mandate.formatted';
const MEMO_MAX = 500;
let memo: Map<string, string> | null = null;
let memoSaveQueued = false;

function memoStore(): Map<string, string> {
  if (memo) return memo;
  memo = new Map();
  try {
    const saved = JSON.parse(localStorage.getItem(MEMO_KEY) ?? '[]') as unknown;
    if (Array.isArray(saved))
      for (const e of saved) if (Array.isArray(e) && e.length === 2) memo.set(String(e[0]), String(e[1]));
  } catch {
    // private mode or an unreadable copy: start empty
  }
  return memo;
}

function saveMemo(): void {
  memoSaveQueued = false;
  const entries = [...memoStore()];
  try {
    localStorage.setItem(MEMO_KEY, JSON.stringify(entries.slice(Math.max(0, entries.length - MEMO_MAX))));
  } catch {
    // storage full or unavailable
  }
}

/** `format(value)` of the formatter `name` in `locale`, from the memo when this device made it before. */
function memoized<T extends number | Date>(
  locale: string,
  name: string,
  formatter: () => { format(v: T): string },
): (value: T) => string {
  return (value) => {
    const store = memoStore();
    const key = `${locale}|${name}|${+value}`;
    let out = store.get(key);
    if (out !== undefined) {
      // Most recently used last: a page of many figures pushes out the oldest, not these.
      store.delete(key);
      store.set(key, out);
    } else {
      out = formatter().format(value);
      store.set(key, out);
      if (store.size > MEMO_MAX) store.delete(store.keys().next().value!);
      if (!memoSaveQueued) {
        memoSaveQueued = true;
        setTimeout(saveMemo, 0);
      }
    }
    return out;
  };
}

/** Locale-aware formatting in one language (Intl); one set per language, shared by every component. */
function formatsOf(i18n: I18n, lang: Language) {
  const locale = lang === 'vi' ? 'vi-VN' : lang === 'zh' ? 'zh-CN' : lang === 'ar' ? 'ar' : 'en-GB';
  // Memoized (above): the ones the first screen uses (numbers, percentages, dates, month names, years).
  const num = memoized(
    locale,
    'n',
    once(() => new Intl.NumberFormat(locale)),
  );
  const pct = memoized(
    locale,
    'p',
    once(() => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 })),
  );
  const pct1 = once(() => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }));
  const day = memoized(
    locale,
    'd',
    once(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' })),
  );
  // In the device's time zone when first formatted (a device moved to another zone keeps those strings).
  const dayTimeOf = memoized(
    locale,
    'dt',
    once(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })),
  );
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
    number: (n: number) => num(n),
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
    date: (iso: string | null | undefined) => (iso ? day(new Date(`${iso.slice(0, 10)}T00:00:00Z`)) : '—'),
    dateTime: (iso: string | null | undefined) => (iso ? dayTimeOf(new Date(iso)) : '—'),
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
