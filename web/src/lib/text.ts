/** The UI languages and the choice of a text among them: the domain's own, zod-free module. */
export { LANGUAGES, pickText, type Language } from '../../../src/domain/languages';
import type { LocalizedText } from '../../../src/domain/i18n';

/**
 * Folds text for search: lower case, no combining marks, đ → d — so "ha noi", "HÀ NỘI"
 * and "Hà Nội" all match, and "dien bien" finds "Điện Biên".
 */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** All of a localized text's variants, folded, for matching in any language. */
export function foldAll(text: LocalizedText | null | undefined): string {
  if (!text) return '';
  return fold(Object.values(text).join(' \u0001 '));
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
