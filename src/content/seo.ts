import { ValidationError } from './write-errors.js';

/** Limits of the sharing fields; search engines cut titles near 60 characters and descriptions near 160. */
export const META_TITLE_MAX = 200;
export const META_DESCRIPTION_MAX = 500;
export const CANONICAL_URL_MAX = 2000;

function text(value: string | null | undefined, field: string, max: number): string | null {
  if (value == null) return null;
  const trimmed = value.trim().replace(/\s+/g, ' ');
  if (trimmed.length > max) throw new ValidationError(field, 'TOO_LONG', `At most ${max} characters`);
  return trimmed === '' ? null : trimmed;
}

export const validMetaTitle = (value: string | null | undefined, field: string) => text(value, field, META_TITLE_MAX);
export const validMetaDescription = (value: string | null | undefined, field: string) =>
  text(value, field, META_DESCRIPTION_MAX);

/** An absolute http(s) URL without credentials or a fragment, as a rel=canonical link needs. */
export function validCanonicalUrl(value: string | null | undefined, field: string): string | null {
  if (value == null || value.trim() === '') return null;
  const raw = value.trim();
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (
    !url ||
    !['http:', 'https:'].includes(url.protocol) ||
    url.username ||
    url.password ||
    url.hash ||
    raw.length > CANONICAL_URL_MAX ||
    /[\s"'<>\\]/.test(raw)
  ) {
    throw new ValidationError(
      field,
      'INVALID_FORMAT',
      `An absolute http(s) URL without credentials or #fragment, at most ${CANONICAL_URL_MAX} characters`,
    );
  }
  return url.toString();
}

/** An image's original elsewhere: an http(s) URL the image service can fetch. */
export function validExternalUrl(value: string, field: string): string {
  const url = value.trim();
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || url.length > 2000 || /[\s'"<>\\]/.test(url)) {
    throw new ValidationError(
      field,
      'INVALID_FORMAT',
      'An http(s) URL of at most 2000 characters, without spaces or quotes',
    );
  }
  return url;
}
