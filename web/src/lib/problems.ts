import { useTranslation } from 'react-i18next';
import type { Problem } from '../api/client';

/** Known validation messages of the shared zod schemas → message keys, so they show in the UI language. */
const KEYS: Record<string, string> = {
  'percent is between 0 and 100': 'percentRange',
  'a completed assignment is at 100 %': 'completed100',
  'a not-started assignment is at 0 %': 'notStarted0',
  'say what blocks the work': 'blockedNarrative',
  'not a URL': 'url',
  'evidence links are http or https URLs': 'urlScheme',
  'not a period (expected 2024, 2024Q1 or 2024M03)': 'period',
  'a returned report needs a comment saying what to fix': 'returnComment',
  'the end of the date range is before its start': 'rangeReversed',
};

/** Messages that name a value: the value goes into the translated sentence. */
const PATTERNS: Array<[RegExp, string, string[]]> = [
  [/^no org unit with code (\S+)$/, 'unknownUnit', ['code']],
  [
    /^locked: .* was (?:accepted|approved) at (.+) by (.+); a secretariat of (\S+) /,
    'reportLocked',
    ['level', 'by', 'unit'],
  ],
];

/** The message key of a known message, with the values it names. */
export function problemMatch(message: string): { key: string; values: Record<string, string> } | undefined {
  const key = KEYS[message];
  if (key) return { key, values: {} };
  for (const [pattern, name, names] of PATTERNS) {
    const m = pattern.exec(message);
    if (m) return { key: name, values: Object.fromEntries(names.map((n, i) => [n, m[i + 1]!])) };
  }
  return undefined;
}

export function problemKey(message: string): string | undefined {
  return problemMatch(message)?.key;
}

/** A known message in the UI language; any other as "this value is not valid" (never the server's English). */
export function useProblemText() {
  const { t } = useTranslation();
  return (message: string) => {
    const known = problemMatch(message);
    return known ? t(`problems.${known.key}`, known.values) : t('errors.invalidValue');
  };
}

/** A shared schema's issues as the API's problems (`nodes[0].children[2].lead`), so both show the same way. */
export function problemsFromIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): Problem[] {
  return issues.map((i) => ({
    path: i.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
      .join('.')
      .replace(/\.\[/g, '['),
    message: i.message,
  }));
}
