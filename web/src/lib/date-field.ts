/**
 * A date typed and shown in the user's locale order (31/12/2024 in vi, en and ar; 2024/12/31 in
 * zh), stored as an ISO date (2024-12-31) for the API. Pure, so it is unit-tested without a DOM.
 */

type Part = 'day' | 'month' | 'year';

export interface DatePattern {
  order: Part[];
  /** Formats a whole number in the locale's digits, zero-padded to `width`. */
  digits: (n: number, width: number) => string;
}

const PATTERNS = new Map<string, DatePattern>();

/** The order of day, month and year in `locale`'s numeric dates, and its digits. */
export function datePattern(locale: string): DatePattern {
  let pattern = PATTERNS.get(locale);
  if (!pattern) {
    const parts = new Intl.DateTimeFormat(locale, {
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      timeZone: 'UTC',
    })
      .formatToParts(new Date(Date.UTC(2024, 11, 31)))
      .map((p) => p.type)
      .filter((type): type is Part => type === 'day' || type === 'month' || type === 'year');
    const formats = new Map<number, Intl.NumberFormat>();
    const digits = (n: number, width: number): string => {
      let nf = formats.get(width);
      if (!nf)
        formats.set(width, (nf = new Intl.NumberFormat(locale, { useGrouping: false, minimumIntegerDigits: width })));
      return nf.format(n);
    };
    PATTERNS.set(locale, (pattern = { order: parts.length === 3 ? parts : ['day', 'month', 'year'], digits }));
  }
  return pattern;
}

/** An ISO date (yyyy-mm-dd) as the locale writes it in numbers; '' for none or a malformed value. */
export function formatDateField(iso: string | null | undefined, locale: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  if (!m) return '';
  const { order, digits } = datePattern(locale);
  const value: Record<Part, string> = {
    year: digits(Number(m[1]), 4),
    month: digits(Number(m[2]), 2),
    day: digits(Number(m[3]), 2),
  };
  return order.map((p) => value[p]).join('/');
}

/** Arabic-Indic and Persian digits to ASCII; bidi marks dropped. */
function normalise(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g, '')
    .trim();
}

/**
 * A typed date in the locale's order (any of / . - or spaces between the numbers, the locale's
 * or ASCII digits; an ISO yyyy-mm-dd is accepted too) as an ISO date; '' when empty; null when
 * it is not a real date.
 */
export function parseDateField(text: string, locale: string): string | null {
  const clean = normalise(text);
  if (clean === '') return '';
  const numbers = clean.split(/[\s/.\-年月日]+/).filter(Boolean);
  if (numbers.length !== 3 || numbers.some((n) => !/^\d+$/.test(n))) return null;
  const order: Part[] = numbers[0]!.length === 4 ? ['year', 'month', 'day'] : datePattern(locale).order;
  const value = Object.fromEntries(order.map((p, i) => [p, Number(numbers[i])])) as Record<Part, number>;
  if (String(value.year).length !== 4 || value.year < 1900) return null;
  const date = new Date(Date.UTC(value.year, value.month - 1, value.day));
  if (date.getUTCFullYear() !== value.year || date.getUTCMonth() !== value.month - 1 || date.getUTCDate() !== value.day)
    return null;
  return date.toISOString().slice(0, 10);
}
