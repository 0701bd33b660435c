/**
 * Arabic morphology for agency names: proclitics and a normal form for matching.
 *
 * A word may carry a conjunction (و "and", ف "so") and then a preposition (ب "by", ل "for",
 * ك "as") glued to it; before the article, ل + ال is written لل ("للجنة" = ل + اللجنة,
 * "للوزارة" = ل + الوزارة). Names are matched and shown without those clitics and with
 * their article restored, so "للجنة الوطنية" and "اللجنة الوطنية" are the same body. A
 * clitic is only split off when what remains is a known head noun or carries the article
 * — "وزارة" keeps its و, "لجنة" its ل.
 */

/** Head nouns of agency names (indefinite form), and plural bodies. */
export const AR_HEADS = [
  'وزارة',
  'هيئة',
  'مجلس',
  'لجنة',
  'مكتب',
  'إدارة',
  'ادارة',
  'دائرة',
  'مديرية',
  'سلطة',
  'مركز',
  'جهاز',
  'مؤسسة',
  'صندوق',
  'وزير',
  'حكومة',
  'ديوان',
  'أمانة',
  'امانة',
  'بلدية',
  'محافظة',
  'وكالة',
  'مصلحة',
  'جامعة',
];

const HEAD_SET = new Set(AR_HEADS.map((h) => arabicNormal(h)));

/** Normal form for matching: no diacritics or tatweel; alef, hamza, ta marbuta and yaa variants unified. */
export function arabicNormal(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[\u064b-\u065f\u0670\u0640]/gu, '')
    .replace(/[أإآٱ]/gu, 'ا')
    .replace(/ؤ/gu, 'و')
    .replace(/ئ/gu, 'ي')
    .replace(/ء/gu, '')
    .replace(/ة/gu, 'ه')
    .replace(/ى/gu, 'ي')
    .replace(/\s+/gu, ' ')
    .trim();
}

export interface Segmented {
  /** Proclitics split off, in order ("و", "ب", "ل" …). */
  clitics: string[];
  /** The word without its clitics, article restored after لل ("للجنة" → "اللجنة"). */
  stem: string;
  /** Characters of the written word before the name's span (clitics; لل stays inside the span). */
  prefix: number;
}

const isHead = (w: string): boolean => HEAD_SET.has(arabicNormal(w.replace(/^ال/u, '')));

/** Is this word (without article or clitics) the head noun of an agency name? */
export const isArabicHead = (bare: string): boolean => HEAD_SET.has(arabicNormal(bare));

/**
 * Split the proclitics off one written word: conjunction و/ف, then preposition ب/ل/ك; لل
 * is ل + ال. Only when the rest is a known head noun or starts with the article.
 */
export function segmentWord(word: string): Segmented {
  const none: Segmented = { clitics: [], stem: word, prefix: 0 };
  let rest = word;
  const clitics: string[] = [];
  let prefix = 0;
  const ok = (w: string): boolean => w.length >= 3 && (/^ال/u.test(w) || isHead(w));
  if (/^[وف]/u.test(rest) && !isHead(rest) && !/^ال/u.test(rest)) {
    const r = rest.slice(1);
    if (ok(r) || /^[بلك]/u.test(r)) {
      clitics.push(rest[0]!);
      rest = r;
      prefix++;
    }
  }
  // لل + X: ل + ال + X; with a noun that itself starts with ل ("للجنة") the article's lam is
  // assimilated: ل + ال + لجنة
  if (/^لل/u.test(rest)) {
    const a = `ال${rest.slice(1)}`;
    const b = `ال${rest.slice(2)}`;
    const stem = isHead(a) ? a : isHead(b) ? b : rest.length > 3 ? b : a;
    // the span keeps لل: the article has no letters of its own left to point at
    return { clitics: [...clitics, 'ل'], stem, prefix };
  }
  if (/^[بلك]/u.test(rest) && !isHead(rest)) {
    const r = rest.slice(1);
    if (ok(r)) return { clitics: [...clitics, rest[0]!], stem: r, prefix: prefix + 1 };
  }
  if (clitics.length && ok(rest)) return { clitics, stem: rest, prefix };
  return none;
}

/**
 * The name as a reader writes it on its own: clitics of its first word split off and the
 * article restored ("للهيئة العامة" → "الهيئة العامة").
 */
export function arabicName(written: string): string {
  const m = /^(\S+)(.*)$/su.exec(written.trim());
  if (!m) return written.trim();
  return `${segmentWord(m[1]!).stem}${m[2]!}`.replace(/\s+/gu, ' ').trim();
}
