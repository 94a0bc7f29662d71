import { createHash } from 'node:crypto';

/** Splits a body into paragraphs: separated by one or more blank lines, trimmed, none empty. */
export function splitParagraphs(body: string): string[] {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter((p) => p.length > 0);
}

/** The canonical stored form of a body: paragraphs joined by exactly one blank line. */
export function normaliseBody(body: string): string {
  return splitParagraphs(body).join('\n\n');
}

export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

/** The common figure for adult readers of news. */
export const WORDS_PER_MINUTE = 230;

/** Minutes at WORDS_PER_MINUTE; at least one. */
export function readingTimeMinutes(wordCount: number): number {
  return Math.max(1, Math.ceil(wordCount / WORDS_PER_MINUTE));
}

/** Identifies the body a summary was made from: a changed body makes the summary stale. */
export function bodyHash(body: string): string {
  return createHash('sha256').update(normaliseBody(body)).digest('hex').slice(0, 32);
}

/** ASCII, lower-case, hyphen-separated; empty when nothing usable is left. */
export function slugify(text: string, maxLength = 80): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ßæœøł]/gi, (c) => ({ ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l' })[c.toLowerCase()] ?? c)
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, maxLength).replace(/-+$/, '');
}

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The slug of an entity: "Nikol Pashinyan" -> "nikol-pashinyan" (longer names than articles allow). */
export function entitySlug(name: string): string {
  return slugify(name, 200);
}
