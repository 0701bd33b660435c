/**
 * The strings this device has formatted, by locale, formatter and value, kept in localStorage so a
 * return visit draws its first screen (the last-known "my work": lib/last-work.ts, first-screen/)
 * without building any Intl formatter: the first one a page builds starts ICU, ~50 ms of main thread
 * (~200 ms on a phone 4× slower), before anything is drawn. The least recently used go beyond
 * MEMO_MAX (kept when a new string is added); a missing or unreadable copy only means formatting
 * again. Free of React and i18next: the first screen drawn before the app loads uses it too.
 */
import type { Language } from './text';

const MEMO_KEY = 'mandate.formatted';
const MEMO_MAX = 500;
let memo: Map<string, string> | null = null;
let memoSaveQueued = false;

/** The locale of each UI language's numbers and dates. */
export function localeOf(lang: Language): string {
  return lang === 'vi' ? 'vi-VN' : lang === 'zh' ? 'zh-CN' : lang === 'ar' ? 'ar' : 'en-GB';
}

/** Made on first use: an Intl formatter costs milliseconds to build (tens on a slow phone). */
export function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

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
export function memoized<T extends number | Date>(
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

/** The formatters of the first screen ("my work"), memoized: numbers, dates, date and time. */
export function firstScreenFormats(lang: Language) {
  const locale = localeOf(lang);
  const num = memoized(
    locale,
    'n',
    once(() => new Intl.NumberFormat(locale)),
  );
  const day = memoized(
    locale,
    'd',
    once(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' })),
  );
  // In the device's time zone when first formatted (a device moved to another zone keeps those strings).
  const dayTime = memoized(
    locale,
    'dt',
    once(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })),
  );
  return {
    locale,
    number: (n: number) => num(n),
    date: (iso: string | null | undefined) => (iso ? day(new Date(`${iso.slice(0, 10)}T00:00:00Z`)) : '—'),
    dateTime: (iso: string | null | undefined) => (iso ? dayTime(new Date(iso)) : '—'),
  };
}
