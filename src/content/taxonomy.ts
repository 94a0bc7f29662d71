import { slugify } from '../text/text.js';
import { ValidationError } from './write-errors.js';

// Input rules of the records articles are credited to and filed under (authors, tags, sections),
// shared by the editorial API and the importer. Each check names the input field at fault.

export const MAX_TAGS = 50;
export const MAX_AUTHOR_LINKS = 10;

/** A name to show: spaces collapsed, 1 to `max` characters. */
export function validName(value: string | null | undefined, field: string, max = 200): string {
  const name = (value ?? '').trim().replace(/\s+/g, ' ');
  if (!name) throw new ValidationError(field, 'REQUIRED', 'The name must not be empty');
  if (name.length > max) throw new ValidationError(field, 'TOO_LONG', `A name is at most ${max} characters`);
  if (!slugify(name)) throw new ValidationError(field, 'INVALID_FORMAT', 'The name has no letters or digits');
  return name;
}

/** Optional text (a bio, a description, a role): trimmed, empty is null. */
export function validText(value: string | null | undefined, field: string, max: number): string | null {
  const text = (value ?? '').trim();
  if (text.length > max) throw new ValidationError(field, 'TOO_LONG', `At most ${max} characters`);
  return text || null;
}

/** An author's links: absolute http(s) URLs, at most MAX_AUTHOR_LINKS, each at most 500 characters. */
export function validLinks(values: readonly string[], field: string): string[] {
  if (values.length > MAX_AUTHOR_LINKS)
    throw new ValidationError(field, 'OUT_OF_RANGE', `At most ${MAX_AUTHOR_LINKS} links`);
  return values.map((value, i) => {
    const link = value.trim();
    if (link.length > 500) throw new ValidationError(`${field}.${i}`, 'TOO_LONG', 'A link is at most 500 characters');
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      throw new ValidationError(`${field}.${i}`, 'INVALID_FORMAT', 'A link must be an absolute http(s) URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new ValidationError(`${field}.${i}`, 'INVALID_FORMAT', 'A link must be an absolute http(s) URL');
    return link;
  });
}

/** Free text in place of an author in a byline, e.g. "Staff and agencies". */
export function validCredit(value: string, field: string): string {
  const credit = value.trim().replace(/\s+/g, ' ');
  if (!credit) throw new ValidationError(field, 'REQUIRED', 'A credit must not be empty');
  if (credit.length > 200) throw new ValidationError(field, 'TOO_LONG', 'A credit is at most 200 characters');
  return credit;
}

/** A byline as revisions show it: "Jane Doe; Staff and agencies", or null when empty. */
export function bylineText(names: readonly string[]): string | null {
  return names.length === 0 ? null : names.join('; ');
}
