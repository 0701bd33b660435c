import { useTranslation } from 'react-i18next';
import { useMemo } from 'react';
import { pickText, type Language } from './text';
import type { LocalizedText } from '../api/types';

/** Locale-aware formatting for the current UI language (Intl). */
export function useFormat() {
  const { i18n } = useTranslation();
  const lang = (i18n.resolvedLanguage ?? 'en') as Language;
  return useMemo(() => {
    const locale = lang === 'vi' ? 'vi-VN' : lang === 'zh' ? 'zh-CN' : lang === 'ar' ? 'ar' : 'en-GB';
    const num = new Intl.NumberFormat(locale);
    const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    const pct1 = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    const dayTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const monthYear = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
    const year = new Intl.NumberFormat(locale, { useGrouping: false });
    return {
      lang,
      locale,
      number: (n: number) => num.format(n),
      percent: (share: number | null | undefined) => (share === null || share === undefined ? '—' : pct.format(share)),
      percent1: (share: number | null | undefined) =>
        share === null || share === undefined ? '—' : pct1.format(share),
      /** A whole percent 0–100 as stored on reports. */
      wholePercent: (p: number) => pct.format(p / 100),
      date: (iso: string | null | undefined) => (iso ? day.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`)) : '—'),
      dateTime: (iso: string | null | undefined) => (iso ? dayTime.format(new Date(iso)) : '—'),
      text: (t: LocalizedText | null | undefined) => pickText(t, lang),
      /** A tick of a time axis (milliseconds): the year on 1 January, else month and year. */
      timeTick: (ms: number) => {
        const d = new Date(ms);
        return d.getUTCMonth() === 0 && d.getUTCDate() === 1 ? year.format(d.getUTCFullYear()) : monthYear.format(d);
      },
    };
  }, [lang]);
}
